/**
 * `${env:NAME}` references in string values, resolved on the parsed document (never on
 * the raw text, so a value can never inject YAML). `$${env:NAME}` stands for the literal
 * text `${env:NAME}`. The environment is a parameter: this module never reads process.env.
 */
import type { Problem } from '../core/errors.js';
import { formatPath } from './path.js';

export type Env = Readonly<Record<string, string | undefined>>;

/** An optional extra `$` (the escape), then the reference; the name is checked separately for a clear message. */
const REFERENCE = /(\$?)\$\{env:([^}]*)\}/g;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface Interpolated {
  readonly value: unknown;
  readonly problems: readonly Problem[];
  /** The problems that are a variable not set (each also in `problems`); its reference stays as written. */
  readonly unset: readonly Problem[];
  /**
   * Where a value was one whole reference whose text is a number (`port: ${env:PORT}`):
   * the loader reads it as that number where the schema wants one (load.ts).
   */
  readonly numbers: readonly (readonly PropertyKey[])[];
}

const WHOLE_REFERENCE = /^\$\{env:[^}]*\}$/;
const NUMBER_TEXT = /^-?\d+(?:\.\d+)?$/;

interface Found {
  readonly problems: Problem[];
  readonly unset: Problem[];
  readonly numbers: PropertyKey[][];
}

function interpolateString(text: string, env: Env, path: string, found: Found): string {
  return text.replace(REFERENCE, (match: string, escape: string, name: string) => {
    if (escape !== '') return match.slice(1);
    if (!NAME.test(name)) {
      found.problems.push({
        path,
        message: `invalid environment variable name ${JSON.stringify(name)} in ${match}`,
      });
      return match;
    }
    const value = env[name];
    if (value === undefined) {
      const problem = { path, message: `environment variable ${name} is not set` };
      found.problems.push(problem);
      found.unset.push(problem);
      return match;
    }
    return value;
  });
}

function walk(value: unknown, env: Env, path: PropertyKey[], found: Found): unknown {
  if (typeof value === 'string') {
    const text = interpolateString(value, env, formatPath(path), found);
    if (WHOLE_REFERENCE.test(value) && NUMBER_TEXT.test(text)) found.numbers.push(path);
    return text;
  }
  if (Array.isArray(value))
    return value.map((item: unknown, index) => walk(item, env, [...path, index], found));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]: [string, unknown]) => [
        key,
        walk(item, env, [...path, key], found),
      ]),
    );
  }
  return value;
}

/** Replaces every reference in every string of `document`; each unresolved one is a problem at its path. */
export function interpolateEnv(document: unknown, env: Env): Interpolated {
  const found: Found = { problems: [], unset: [], numbers: [] };
  const value = walk(document, env, [], found);
  return { value, ...found };
}
