/**
 * Config text -> plain data. YAML and JSON both go through the `yaml` parser so both
 * report `file:line:col` positions and refuse duplicate keys (JSON.parse keeps the last).
 */
import { LineCounter, parseDocument, type YAMLError } from 'yaml';
import type { Problem } from '../core/errors.js';

export type TextFormat = 'yaml' | 'json';

export type ParsedText =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly problems: Problem[] };

export function formatFromFileName(fileName: string): TextFormat {
  return /\.json$/i.test(fileName) ? 'json' : 'yaml';
}

function located(fileName: string, lines: LineCounter, error: YAMLError): Problem {
  const { line, col } = lines.linePos(error.pos[0]);
  return { path: `${fileName}:${line}:${col}`, message: error.message };
}

function isMapping(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseText(
  text: string,
  fileName: string,
  format: TextFormat = formatFromFileName(fileName),
): ParsedText {
  const lines = new LineCounter();
  const doc = parseDocument(text.replace(/^\uFEFF/, ''), {
    lineCounter: lines,
    prettyErrors: false,
    // The JSON schema rejects YAML-only scalars (unquoted strings) in a .json file.
    schema: format === 'json' ? 'json' : 'core',
  });
  // Warnings too: an unresolved tag such as `!Ref` would otherwise silently become a string.
  const syntax = [...doc.errors, ...doc.warnings]
    .sort((a, b) => a.pos[0] - b.pos[0])
    .map((error) => located(fileName, lines, error));
  if (syntax.length > 0) return { ok: false, problems: syntax };
  if (doc.contents === null) {
    return {
      ok: false,
      problems: [{ path: fileName, message: 'the file is empty (expected a mapping with "pools:")' }],
    };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return {
      ok: false,
      problems: [{ path: fileName, message: error instanceof Error ? error.message : String(error) }],
    };
  }
  if (!isMapping(value)) {
    const got = value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value;
    return {
      ok: false,
      problems: [{ path: fileName, message: `the top level must be a mapping with "pools:", got ${got}` }],
    };
  }
  return { ok: true, value };
}
