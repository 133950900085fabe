/**
 * Loading a config: text -> document -> env interpolation -> validation. Every problem
 * of every stage that can still run is collected and thrown as one ConfigError.
 */
import { readFile } from 'node:fs/promises';
import { ConfigError, type Problem } from '../core/errors.js';
import { interpolateEnv, type Env, type Interpolated } from './env.js';
import { configErrorMap } from './error-map.js';
import { issuesToProblems } from './issues.js';
import { parseText, type TextFormat } from './parse-text.js';
import { configSchema, type Config } from './schema.js';

/** True when `path` is `prefix` or lies under it (`pools[0].source` under `pools[0]`). */
function isWithin(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`);
}

const SECTION_RANK: Readonly<Record<string, number>> = { pools: 0, state: 1, server: 2 };

/** Groups problems by section and pool (`pools[0]...` before `pools[1]...`), keeping their order within a group. */
function problemRank(path: string): [number, number] {
  const match = /^(\w+)(?:\[(\d+)\])?/.exec(path);
  const section = SECTION_RANK[match?.[1] ?? ''] ?? 3;
  return [section, match?.[2] === undefined ? -1 : Number(match[2])];
}

function byLocation(a: Problem, b: Problem): number {
  const [sectionA, indexA] = problemRank(a.path);
  const [sectionB, indexB] = problemRank(b.path);
  return sectionA - sectionB || indexA - indexB;
}

/** A config validated for a command that never reaches a backend (validateConfigOffline). */
export interface OfflineConfig {
  readonly config: Config;
  /** References to variables not set here, which the config validated without. */
  readonly unsetEnv: readonly Problem[];
}

function parse(value: unknown) {
  // A config is checked once per process: zod's compiled fast path costs more to build
  // (about 4 ms of the action's start-up) than it saves on one document.
  return configSchema.safeParse(value, { error: configErrorMap, jitless: true });
}

const samePath = (a: readonly PropertyKey[], b: readonly PropertyKey[]) =>
  a.length === b.length && a.every((k, i) => k === b[i]);

/** A copy of `value` with the string at `path` read as a number. */
function withNumberAt(value: unknown, path: readonly PropertyKey[]): unknown {
  const [key, ...rest] = path;
  if (key === undefined) return typeof value === 'string' ? Number(value) : value;
  if (Array.isArray(value)) return value.map((v: unknown, i) => (i === key ? withNumberAt(v, rest) : v));
  if (typeof value !== 'object' || value === null) return value;
  const record = value as Record<PropertyKey, unknown>;
  return { ...record, [key]: withNumberAt(record[key], rest) };
}

/**
 * Validates the interpolated document. Variables are text; a whole `${env:NAME}` whose text
 * is a number, where the schema wants a number (`port: ${env:PORT}`), is read as that number
 * and the document checked again. Only there: an all-digit token stays a string.
 */
function parseInterpolated(interpolated: Interpolated) {
  const first = parse(interpolated.value);
  if (first.success) return { result: first, value: interpolated.value };
  const wanted = interpolated.numbers.filter((path) =>
    first.error.issues.some(
      (i) => i.code === 'invalid_type' && i.expected === 'number' && samePath(i.path, path),
    ),
  );
  if (wanted.length === 0) return { result: first, value: interpolated.value };
  const value = wanted.reduce<unknown>((v, path) => withNumberAt(v, path), interpolated.value);
  return { result: parse(value), value };
}

function check(document: unknown, env: Env, source: string, offline: boolean): OfflineConfig {
  const interpolated = interpolateEnv(document, env);
  const { result, value } = parseInterpolated(interpolated);
  const issues = result.success ? [] : issuesToProblems(result.error.issues, configSchema, value);
  const envProblems = interpolated.problems;
  // A value with an unresolved reference fails its own check too; the env problem says why.
  const schemaProblems = issues.filter((p) => !envProblems.some((e) => isWithin(p.path, e.path)));
  // Offline, a reference left as written is fine unless its value fails a check that way.
  const unsetEnv = offline
    ? interpolated.unset.filter((u) => !issues.some((p) => isWithin(p.path, u.path)))
    : [];
  const problems = [...envProblems.filter((e) => !unsetEnv.includes(e)), ...schemaProblems].sort(byLocation);
  if (problems.length > 0 || !result.success) throw new ConfigError(problems, `invalid config ${source}`);
  return { config: result.data, unsetEnv };
}

/**
 * Validates an already-parsed document (for runtimes that build one from inputs).
 * `source` names it in the error message.
 */
export function validateConfig(document: unknown, env: Env, source = 'config'): Config {
  return check(document, env, source, false).config;
}

/**
 * For the commands that never reach a backend (validate, plan, simulate): a variable that
 * is not set leaves its `${env:NAME}` as written, so a config can be checked and simulated
 * without its secrets. Each such reference is returned; one whose value then fails its own
 * check (a region, a URL) is still an error.
 */
export function validateConfigOffline(document: unknown, env: Env, source = 'config'): OfflineConfig {
  return check(document, env, source, true);
}

/** Parses YAML or JSON text into a document, not yet validated (runtimes may apply overrides first). */
export function parseConfigDocument(text: string, fileName: string, format?: TextFormat): unknown {
  const parsed = parseText(text, fileName, format);
  if (!parsed.ok) throw new ConfigError(parsed.problems, `invalid config ${fileName}`);
  return parsed.value;
}

/** Parses YAML or JSON text (by `fileName`'s extension unless `format` is given) into a validated config. */
export function parseConfigText(text: string, fileName: string, env: Env, format?: TextFormat): Config {
  return validateConfig(parseConfigDocument(text, fileName, format), env, fileName);
}

function readFailure(path: string, error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  switch (code) {
    case 'ENOENT':
      return 'file not found';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory, not a config file';
    default:
      return `cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** Reads a config file into a document, not yet validated. */
export async function readConfigDocument(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError([{ path, message: readFailure(path, error) }], `cannot load config ${path}`);
  }
  return parseConfigDocument(text, path);
}

export async function loadConfigFile(path: string, env: Env): Promise<Config> {
  return validateConfig(await readConfigDocument(path), env, path);
}

/** loadConfigFile for the commands that never reach a backend (validateConfigOffline). */
export async function loadConfigFileOffline(path: string, env: Env): Promise<OfflineConfig> {
  return validateConfigOffline(await readConfigDocument(path), env, path);
}
