/**
 * Argument checks every store makes, with the same errors and messages, so a caller sees
 * the same refusal from each. A remote store makes them before any request: a bad
 * argument must not cost a round trip or reach the table.
 */
import type { ExpectedVersion } from './store.js';

export function checkName(what: string, value: string): void {
  if (typeof value !== 'string' || value === '') throw new TypeError(`${what} must be a non-empty string`);
}

export function checkVersion(version: ExpectedVersion): void {
  if (version === 'any') return;
  if (!Number.isSafeInteger(version) || version < 0) {
    throw new RangeError(`expectedVersion must be an integer >= 0, got ${version}`);
  }
}

export function checkLimit(limit: number): void {
  if (!Number.isSafeInteger(limit) || limit < 0) {
    throw new RangeError(`history limit must be an integer >= 0, got ${limit}`);
  }
}

export function checkTtl(ttlMs: number): void {
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) throw new RangeError(`lock ttlMs must be > 0, got ${ttlMs}`);
}
