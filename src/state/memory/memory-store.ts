/**
 * In-process store for tests and the simulator. It offers every capability, and copies
 * values in and out so a caller that mutates an object it passed or got back cannot
 * change what is stored — the same isolation a store that serialises gets for free.
 */
import type { Clock } from '../../core/types.js';
import { StateError } from '../../core/errors.js';
import type { StateBackend } from '../backend.js';
import { assertJsonValue } from '../json-value.js';
import type { MemoryStateConfig } from '../state-config.js';
import {
  appendEntry,
  deleteDoc,
  emptyStateData,
  listEntries,
  putDoc,
  releaseLock,
  takeLock,
  type StateData,
} from '../state-data.js';
import type { Capability, HistoryEntry, Lock, ExpectedVersion, StateStore, Versioned } from '../store.js';

export interface MemoryStoreOptions {
  readonly clock: Clock;
  /**
   * Copy values in and out (default true). The simulator turns it off: a week of jobs
   * reads and writes pool documents a million times, and the engine never changes a value
   * it read or wrote (every update builds a new document; a test runs the simulator both
   * ways and compares). Values are then also taken as JSON without the check.
   */
  readonly isolate?: boolean;
}

function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

const ALL: ReadonlySet<Capability> = new Set<Capability>(['compare-and-set', 'locks', 'history']);

export class MemoryStore implements StateStore {
  readonly type = 'memory';
  readonly capabilities = ALL;
  private readonly clock: Clock;
  private readonly data: StateData = emptyStateData();
  private closed = false;
  private readonly copy: <T>(value: T) => T;
  private readonly check: (value: unknown, what: string) => void;

  constructor(options: MemoryStoreOptions) {
    this.clock = options.clock;
    const isolate = options.isolate !== false;
    this.copy = isolate ? copy : (value) => value;
    this.check = isolate ? assertJsonValue : () => undefined;
  }

  get(key: string): Promise<Versioned<unknown> | undefined> {
    // Values are JSON (checked on the way in), so a JSON round trip copies them exactly, and
    // faster than structuredClone for documents this small.
    return this.run(() => {
      const doc = this.data.docs.get(key);
      return doc === undefined ? undefined : { value: this.copy(doc.value), version: doc.version };
    });
  }

  put(key: string, value: unknown, expectedVersion: ExpectedVersion): Promise<number> {
    return this.run(() => {
      this.check(value, 'value');
      return putDoc(this.data, key, this.copy(value), expectedVersion, this.clock()).result;
    });
  }

  delete(key: string, expectedVersion: ExpectedVersion): Promise<void> {
    return this.run(() => deleteDoc(this.data, key, expectedVersion, this.clock()).result);
  }

  lock(name: string, owner: string, ttlMs: number): Promise<Lock | undefined> {
    return this.run(() => takeLock(this.data, this.clock, name, owner, ttlMs).result);
  }

  release(name: string, owner: string): Promise<void> {
    return this.run(() => releaseLock(this.data, name, owner).result);
  }

  appendHistory(entry: HistoryEntry, limit: number): Promise<void> {
    return this.run(() => {
      this.check(entry, 'history entry');
      return appendEntry(this.data, this.copy(entry), limit).result;
    });
  }

  listHistory(pool: string, limit: number): Promise<readonly HistoryEntry[]> {
    return this.run(() => this.copy(listEntries(this.data, pool, limit)));
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }

  /** Runs `fn` as a promise, so a thrown error arrives as a rejection like in other stores. */
  private run<T>(fn: () => T): Promise<T> {
    return Promise.resolve().then(() => {
      if (this.closed) throw new StateError('memory state store is closed');
      return fn();
    });
  }
}

export function createMemoryStore(options: MemoryStoreOptions): MemoryStore {
  return new MemoryStore(options);
}

export const memoryBackend: StateBackend<MemoryStateConfig> = {
  type: 'memory',
  create: (_config, deps) => new MemoryStore({ clock: deps.clock }),
};
