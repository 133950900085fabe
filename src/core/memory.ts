import type { Problem } from './errors.js';
import type { Memory } from './types.js';

/**
 * The memory document, version 1:
 *
 *     { "version": 1,
 *       "lastScaleEvent": { "at": ISO, "direction": "up" | "down" },   // optional
 *       "aboveTargetSince": ISO,                                        // optional
 *       "demandSince": ISO,                                             // optional
 *       "attempts": { "<job id>": <launches so far> } }                 // optional
 *
 * `{}` (no version) is the empty document of a pool that never ran, so a first
 * observation file can say `"memory": {}`. Any other version is refused, never guessed.
 */
export const MEMORY_VERSION = 1;
export const EMPTY_MEMORY: Memory = { version: 1 };

export type MemoryResult = { ok: true; memory: Memory } | { ok: false; problems: Problem[] };

const KEYS = new Set(['version', 'lastScaleEvent', 'aboveTargetSince', 'demandSince', 'attempts']);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isIso(v: unknown): v is string {
  return typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v) && !Number.isNaN(Date.parse(v));
}

function checkIso(doc: Record<string, unknown>, key: string, path: string, problems: Problem[]): void {
  if (doc[key] !== undefined && !isIso(doc[key])) {
    problems.push({ path: `${path}.${key}`, message: 'must be an ISO 8601 time' });
  }
}

function checkLastScaleEvent(v: unknown, path: string, problems: Problem[]): void {
  if (v === undefined) return;
  if (!isRecord(v)) {
    problems.push({ path, message: 'must be an object { at, direction }' });
    return;
  }
  if (!isIso(v.at)) problems.push({ path: `${path}.at`, message: 'must be an ISO 8601 time' });
  if (v.direction !== 'up' && v.direction !== 'down') {
    problems.push({ path: `${path}.direction`, message: 'must be "up" or "down"' });
  }
}

function checkAttempts(v: unknown, path: string, problems: Problem[]): void {
  if (v === undefined) return;
  if (!isRecord(v)) {
    problems.push({ path, message: 'must be an object of job id -> count' });
    return;
  }
  for (const [id, n] of Object.entries(v)) {
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
      problems.push({ path: `${path}.${id}`, message: 'must be a non-negative integer' });
    }
  }
}

/** Validates (and, for older versions, migrates) a memory document read from anywhere. */
export function parseMemory(raw: unknown, path = 'memory'): MemoryResult {
  if (raw === undefined || raw === null) return { ok: true, memory: EMPTY_MEMORY };
  if (!isRecord(raw)) return { ok: false, problems: [{ path, message: 'must be an object' }] };
  if (Object.keys(raw).length === 0) return { ok: true, memory: EMPTY_MEMORY };
  if (raw.version !== MEMORY_VERSION) {
    const message = `unknown memory version ${JSON.stringify(raw.version)} (this ci-scaler reads version ${MEMORY_VERSION})`;
    return { ok: false, problems: [{ path: `${path}.version`, message }] };
  }
  const problems: Problem[] = [];
  for (const key of Object.keys(raw)) {
    if (!KEYS.has(key)) problems.push({ path: `${path}.${key}`, message: 'unknown key' });
  }
  checkLastScaleEvent(raw.lastScaleEvent, `${path}.lastScaleEvent`, problems);
  checkIso(raw, 'aboveTargetSince', path, problems);
  checkIso(raw, 'demandSince', path, problems);
  checkAttempts(raw.attempts, `${path}.attempts`, problems);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, memory: raw as unknown as Memory };
}
