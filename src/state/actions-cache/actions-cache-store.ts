/**
 * A state store in the GitHub Actions cache, for the GitHub Action (README.md here).
 *
 * Cache entries are immutable and restored by key prefix, newest first. So the data is
 * split into groups (one per pool, plus one for keys of no pool), each group is restored
 * the first time it is touched, kept in memory, and saved by flush() or close() as a new
 * entry whose key starts with the group's restore prefix (cache-keys.ts).
 *
 * There is no compare-and-set and there are no locks: two jobs that run at once both
 * restore the same entry and the later save wins. Workflows therefore run the action in a
 * `concurrency:` group per pool with `cancel-in-progress: false`, and the engine
 * re-derives what exists from GitHub and the provider on every run.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { StateError, UnsupportedError } from '../../core/errors.js';
import type { Clock } from '../../core/types.js';
import type { StateBackend, StateStoreDeps } from '../backend.js';
import { parseStateFile, serializeStateFile } from '../file/file-format.js';
import { assertJsonValue } from '../json-value.js';
import type { ActionsCacheStateConfig } from '../state-config.js';
import {
  appendEntry,
  deleteDoc,
  emptyStateData,
  listEntries,
  putDoc,
  type Change,
  type StateData,
} from '../state-data.js';
import type { Capability, ExpectedVersion, HistoryEntry, Lock, StateStore, Versioned } from '../store.js';
import { readCacheEnv, type CacheEnv, type Env } from './cache-env.js';
import { checkPrefix, describeGroup, groupOfKey, groupSegment, poolGroup, type Group } from './cache-keys.js';
import { GroupTransfer } from './group-transfer.js';

export const DEFAULT_PREFIX = 'ci-scaler';

export interface ActionsCacheStoreOptions {
  readonly clock: Clock;
  /**
   * The job's environment (cache service URL and token, run id, RUNNER_TEMP). It must
   * agree with process.env, which @actions/cache reads by itself.
   */
  readonly env: Env;
  /** First part of every cache key. Default `ci-scaler`. */
  readonly prefix?: string | undefined;
  /**
   * Directory for the group files; default `$RUNNER_TEMP/ci-scaler-state`. The path is
   * part of each entry's cache version, so every run that shares the state must use the
   * same path. One store at a time per directory.
   */
  readonly dir?: string | undefined;
  /** Delays before retrying a cache lookup after a 5xx or network error. Default 1 s, 3 s. */
  readonly lookupRetryDelaysMs?: readonly number[] | undefined;
  /** Tells this store's saves from those of another job in the same run. Default random. */
  readonly instanceId?: string | undefined;
}

/** A group as loaded: its data, and whether changes since the last save are unsaved. */
interface LoadedGroup {
  readonly group: Group;
  readonly data: StateData;
  changes: number;
  savedChanges: number;
}

const OFFERED: ReadonlySet<Capability> = new Set<Capability>(['history']);

export class ActionsCacheStore implements StateStore {
  readonly type = 'actions-cache';
  readonly capabilities = OFFERED;
  private readonly clock: Clock;
  private readonly env: CacheEnv;
  private readonly transfer: GroupTransfer;
  private readonly instanceId: string;
  private readonly groups = new Map<string, Promise<LoadedGroup>>();
  private readonly pending = new Set<Promise<unknown>>();
  private flushing: Promise<unknown> = Promise.resolve();
  private saves = 0;
  private closed = false;

  constructor(options: ActionsCacheStoreOptions) {
    this.clock = options.clock;
    this.env = readCacheEnv(options.env);
    const prefix = options.prefix ?? DEFAULT_PREFIX;
    checkPrefix(prefix);
    const runnerTemp = this.env.runnerTemp;
    const dir = options.dir ?? (runnerTemp === undefined ? undefined : join(runnerTemp, 'ci-scaler-state'));
    if (dir === undefined) {
      throw new StateError('the actions-cache state store needs RUNNER_TEMP (or a directory) for its files');
    }
    this.transfer = new GroupTransfer({
      env: this.env,
      dir,
      prefix,
      lookupRetryDelaysMs: options.lookupRetryDelaysMs ?? [1000, 3000],
    });
    this.instanceId = options.instanceId ?? randomBytes(4).toString('hex');
  }

  get(key: string): Promise<Versioned<unknown> | undefined> {
    return this.run(async () => {
      checkKey(key);
      const doc = (await this.load(groupOfKey(key))).data.docs.get(key);
      return doc === undefined ? undefined : { value: structuredClone(doc.value), version: doc.version };
    });
  }

  put(key: string, value: unknown, expectedVersion: ExpectedVersion): Promise<number> {
    return this.run(async () => {
      refuseCompareAndSet('put', expectedVersion);
      checkKey(key);
      assertJsonValue(value, 'value');
      const copy = structuredClone(value);
      const loaded = await this.load(groupOfKey(key));
      return record(loaded, putDoc(loaded.data, key, copy, 'any', this.clock()));
    });
  }

  delete(key: string, expectedVersion: ExpectedVersion): Promise<void> {
    return this.run(async () => {
      refuseCompareAndSet('delete', expectedVersion);
      checkKey(key);
      const loaded = await this.load(groupOfKey(key));
      record(loaded, deleteDoc(loaded.data, key, 'any', this.clock()));
    });
  }

  lock(_name: string, _owner: string, _ttlMs: number): Promise<Lock | undefined> {
    return this.run(() => Promise.reject(unsupported('locks')));
  }

  release(_name: string, _owner: string): Promise<void> {
    return this.run(() => Promise.reject(unsupported('locks')));
  }

  appendHistory(entry: HistoryEntry, limit: number): Promise<void> {
    return this.run(async () => {
      assertJsonValue(entry, 'history entry');
      const copy = structuredClone(entry);
      const loaded = await this.load(poolGroup(entry.pool));
      record(loaded, appendEntry(loaded.data, copy, limit));
    });
  }

  listHistory(pool: string, limit: number): Promise<readonly HistoryEntry[]> {
    return this.run(async () =>
      structuredClone(listEntries((await this.load(poolGroup(pool))).data, pool, limit)),
    );
  }

  /**
   * Saves every group changed since its last save, each as a new cache entry. Rejects with
   * a StateError naming each pool whose save failed; those stay unsaved for the next flush.
   */
  flush(): Promise<void> {
    if (this.closed) return Promise.reject(this.closedError());
    return this.saveChanged();
  }

  /** Refuses new calls, lets running ones finish, then flushes. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([...this.pending]);
    try {
      await this.saveChanged();
    } finally {
      await this.transfer.removeFiles();
    }
  }

  /** One restore per group per store: later calls share it; a failed one is tried again. */
  private load(group: Group): Promise<LoadedGroup> {
    const id = groupSegment(group);
    const known = this.groups.get(id);
    if (known !== undefined) return known;
    const loading = this.restore(group);
    this.groups.set(id, loading);
    loading.catch(() => {
      if (this.groups.get(id) === loading) this.groups.delete(id);
    });
    return loading;
  }

  private async restore(group: Group): Promise<LoadedGroup> {
    const restored = await this.transfer.restore(group);
    // A miss is a group nothing was saved for yet; a failure has thrown above.
    const data =
      restored === undefined
        ? emptyStateData()
        : parseStateFile(restored.text, `from cache entry ${restored.key}`);
    return { group, data, changes: 0, savedChanges: 0 };
  }

  /** Flushes run one after another, so two never save the same changes twice. */
  private saveChanged(): Promise<void> {
    const next = this.flushing.then(() => this.saveGroups());
    this.flushing = next.catch(() => undefined);
    return next;
  }

  private async saveGroups(): Promise<void> {
    const loaded = await Promise.allSettled(this.groups.values());
    const changed = loaded.flatMap((r) =>
      r.status === 'fulfilled' && r.value.changes !== r.value.savedChanges ? [r.value] : [],
    );
    const failures = await Promise.all(changed.map((group) => this.saveGroup(group)));
    const failed = failures.filter((f) => f !== undefined);
    if (failed.length > 0) {
      throw new StateError(`could not save state to the Actions cache for ${failed.join('; ')}`);
    }
  }

  /** Saves one group; returns what failed, naming the pool. */
  private async saveGroup(loaded: LoadedGroup): Promise<string | undefined> {
    const changes = loaded.changes;
    try {
      await this.transfer.save(loaded.group, serializeStateFile(loaded.data), this.nextSuffix());
      loaded.savedChanges = changes;
      return undefined;
    } catch (error) {
      return `${describeGroup(loaded.group)}: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  /** Unique per save: time, run and attempt, this store, and a counter. */
  private nextSuffix(): string {
    this.saves += 1;
    return `${this.clock()}-${this.env.run}-${this.instanceId}-${this.saves}`;
  }

  /** Runs `fn` as a tracked promise, so close() can wait for it; refused once closed. */
  private run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(this.closedError());
    const running = Promise.resolve().then(fn);
    this.pending.add(running);
    const done = (): void => void this.pending.delete(running);
    running.then(done, done);
    return running;
  }

  private closedError(): StateError {
    return new StateError('actions-cache state store is closed');
  }
}

function record<R>(loaded: LoadedGroup, change: Change<R>): R {
  if (change.changed) loaded.changes += 1;
  return change.result;
}

function refuseCompareAndSet(call: string, expectedVersion: ExpectedVersion): void {
  if (expectedVersion !== 'any') {
    throw unsupported('compare-and-set', `${call} with expected version ${expectedVersion}`);
  }
}

function unsupported(capability: Capability, what?: string): UnsupportedError {
  const call = what === undefined ? '' : ` (${what})`;
  return new UnsupportedError(
    `the actions-cache state store has no ${capability}${call}; it offers plain writes ('any') and history`,
  );
}

function checkKey(key: string): void {
  if (typeof key !== 'string' || key === '') throw new TypeError('key must be a non-empty string');
}

export function createActionsCacheStore(options: ActionsCacheStoreOptions): ActionsCacheStore {
  return new ActionsCacheStore(options);
}

/** What the action runtime may add to the common deps. */
export interface ActionsCacheStoreDeps extends StateStoreDeps {
  /** Directory for the group files; default under RUNNER_TEMP. */
  readonly tmpDir?: string;
}

export const actionsCacheBackend: StateBackend<ActionsCacheStateConfig> = {
  type: 'actions-cache',
  create: (config, deps: ActionsCacheStoreDeps) =>
    new ActionsCacheStore({
      clock: deps.clock,
      env: deps.env ?? process.env,
      prefix: config.prefix,
      dir: deps.tmpDir,
    }),
};
