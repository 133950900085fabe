/**
 * The state store interface (../shared/ARCHITECTURE.md "State"). Stores hold small
 * things only; the source of truth for what exists is the CI system and the provider.
 */

/** What a store can do. A store that lacks one refuses it with UnsupportedError. */
export type Capability = 'compare-and-set' | 'locks' | 'history';
export const CAPABILITIES: readonly Capability[] = ['compare-and-set', 'locks', 'history'];

export interface Versioned<T> {
  readonly value: T;
  /**
   * Integer version, starting at 1 for the first write. A key deleted and written again
   * within TOMBSTONE_RETENTION_MS goes on from its deleted version instead.
   */
  readonly version: number;
}

/**
 * How long a deleted document's version is kept, so that a compare-and-set from a writer
 * that read the document before the delete fails against a re-created one instead of
 * matching its restarted version (ABA). A read-modify-write takes seconds; an hour is
 * far beyond any, and bounds what deletes of short-lived keys (claims) leave behind.
 */
export const TOMBSTONE_RETENTION_MS = 60 * 60_000;

export interface Lock {
  readonly name: string;
  readonly owner: string;
  /** Epoch ms after which another owner may take it. */
  readonly expiresAt: number;
}

export interface HistoryEntry {
  /** ISO time. */
  readonly at: string;
  readonly pool: string;
  readonly kind: 'reconcile' | 'fast-path' | 'override';
  readonly desired: number;
  readonly reason: string;
  readonly actions: readonly {
    readonly type: string;
    readonly result: 'ok' | 'failed' | 'skipped';
    readonly detail: string;
  }[];
  readonly apiCalls?: number;
  readonly counts?: Readonly<Record<string, number>>;
}

/**
 * The version a write expects: an integer for compare-and-set (0: create only if absent),
 * or `'any'` for a plain write, last writer wins. A store without compare-and-set accepts
 * only `'any'`.
 */
export type ExpectedVersion = number | 'any';

export interface StateStore {
  readonly type: string;
  readonly capabilities: ReadonlySet<Capability>;
  get(key: string): Promise<Versioned<unknown> | undefined>;
  /**
   * Writes `value` if the stored version equals `expectedVersion` (0: only if absent), or
   * unconditionally with `'any'`. Returns the new version; throws ConflictError on a
   * version mismatch.
   */
  put(key: string, value: unknown, expectedVersion: ExpectedVersion): Promise<number>;
  /**
   * Deletes if the stored version equals `expectedVersion` (or always, with `'any'`);
   * absent is fine. The key's version is kept for TOMBSTONE_RETENTION_MS (see there).
   */
  delete(key: string, expectedVersion: ExpectedVersion): Promise<void>;
  /** Takes the lock, or renews it for the same owner; undefined when another owner holds it. */
  lock(name: string, owner: string, ttlMs: number): Promise<Lock | undefined>;
  /** Releases the lock if `owner` still holds it. */
  release(name: string, owner: string): Promise<void>;
  /** Appends an entry, keeping the newest `limit` per pool. */
  appendHistory(entry: HistoryEntry, limit: number): Promise<void>;
  /** The newest `limit` entries of a pool, oldest first. */
  listHistory(pool: string, limit: number): Promise<readonly HistoryEntry[]>;
  /**
   * Persists changes a store buffers (actions-cache saves at the end of a run). Stores
   * that write through leave it out. close() flushes too.
   */
  flush?(): Promise<void>;
  close(): Promise<void>;
}
