/**
 * The data every store keeps and the rules that change it, shared so that each store
 * answers a compare-and-set, a lock or a history append in exactly the same way. Maps,
 * not plain objects: keys come from callers, and a key such as `__proto__` must stay data.
 */
import type { Clock } from '../core/types.js';
import { checkLimit, checkName, checkTtl, checkVersion } from './store-checks.js';
import { ConflictError } from '../core/errors.js';
import {
  TOMBSTONE_RETENTION_MS,
  type ExpectedVersion,
  type HistoryEntry,
  type Lock,
  type Versioned,
} from './store.js';

export interface StoredLock {
  readonly owner: string;
  readonly expiresAt: number;
}

/** What a deleted document leaves for TOMBSTONE_RETENTION_MS: its last version. */
export interface Tombstone {
  readonly version: number;
  /** Epoch ms of the delete. */
  readonly deletedAt: number;
}

export interface StateData {
  readonly docs: Map<string, Versioned<unknown>>;
  readonly locks: Map<string, StoredLock>;
  readonly history: Map<string, HistoryEntry[]>;
  /** By key, in the order of their deletes (oldest first), so pruning stops at the first young one. */
  readonly tombstones: Map<string, Tombstone>;
}

export function emptyStateData(): StateData {
  return { docs: new Map(), locks: new Map(), history: new Map(), tombstones: new Map() };
}

/** Drops tombstones older than the retention: the oldest come first in the map. */
function pruneTombstones(data: StateData, now: number): void {
  for (const [key, t] of data.tombstones) {
    if (t.deletedAt > now - TOMBSTONE_RETENTION_MS) return;
    data.tombstones.delete(key);
  }
}

/** Result of a change: `changed` false means nothing needs to be written back. */
export interface Change<R> {
  readonly result: R;
  readonly changed: boolean;
}

/**
 * A write. A key deleted within TOMBSTONE_RETENTION_MS counts as absent (version 0 creates
 * it), but its versions go on from the deleted one, so a writer that read it before the
 * delete cannot match the new document's version.
 */
export function putDoc(
  data: StateData,
  key: string,
  value: unknown,
  expectedVersion: ExpectedVersion,
  now: number,
): Change<number> {
  checkName('key', key);
  checkVersion(expectedVersion);
  const found = data.docs.get(key)?.version ?? 0;
  if (expectedVersion !== 'any' && found !== expectedVersion) {
    throw new ConflictError(`put "${key}": expected version ${expectedVersion}, found ${found}`);
  }
  const version = (found === 0 ? (data.tombstones.get(key)?.version ?? 0) : found) + 1;
  data.docs.set(key, { value, version });
  if (found === 0 && data.tombstones.delete(key)) pruneTombstones(data, now);
  return { result: version, changed: true };
}

export function deleteDoc(
  data: StateData,
  key: string,
  expectedVersion: ExpectedVersion,
  now: number,
): Change<undefined> {
  checkName('key', key);
  checkVersion(expectedVersion);
  const current = data.docs.get(key);
  if (current === undefined) return { result: undefined, changed: false };
  if (expectedVersion !== 'any' && current.version !== expectedVersion) {
    throw new ConflictError(`delete "${key}": expected version ${expectedVersion}, found ${current.version}`);
  }
  data.docs.delete(key);
  pruneTombstones(data, now);
  data.tombstones.set(key, { version: current.version, deletedAt: now });
  return { result: undefined, changed: true };
}

/**
 * A lock is free once `clock() >= expiresAt`, so a holder owns it for exactly `ttlMs`.
 * Expiry is a compared timestamp, never a deletion by someone else's timer.
 */
export function takeLock(
  data: StateData,
  clock: Clock,
  name: string,
  owner: string,
  ttlMs: number,
): Change<Lock | undefined> {
  checkName('lock name', name);
  checkName('lock owner', owner);
  checkTtl(ttlMs);
  const now = clock();
  const held = data.locks.get(name);
  if (held !== undefined && held.owner !== owner && now < held.expiresAt) {
    return { result: undefined, changed: false };
  }
  const expiresAt = now + ttlMs;
  data.locks.set(name, { owner, expiresAt });
  return { result: { name, owner, expiresAt }, changed: true };
}

export function releaseLock(data: StateData, name: string, owner: string): Change<undefined> {
  checkName('lock name', name);
  checkName('lock owner', owner);
  if (data.locks.get(name)?.owner !== owner) return { result: undefined, changed: false };
  data.locks.delete(name);
  return { result: undefined, changed: true };
}

export function appendEntry(data: StateData, entry: HistoryEntry, limit: number): Change<undefined> {
  checkName('history pool', entry.pool);
  checkLimit(limit);
  const entries = data.history.get(entry.pool) ?? [];
  entries.push(entry);
  entries.splice(0, Math.max(0, entries.length - limit));
  if (entries.length === 0) data.history.delete(entry.pool);
  else data.history.set(entry.pool, entries);
  return { result: undefined, changed: true };
}

/** The newest `limit` entries of a pool, oldest first. */
export function listEntries(data: StateData, pool: string, limit: number): HistoryEntry[] {
  checkLimit(limit);
  const entries = data.history.get(pool) ?? [];
  return entries.slice(Math.max(0, entries.length - limit));
}
