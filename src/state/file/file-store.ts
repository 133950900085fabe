/**
 * A state store in one JSON file, for the CLI and a single server. Every change is a
 * read-modify-write under a lock file (`<path>.lock`), so several processes on one
 * machine may share the file; the file is replaced by an atomic rename, so a crash
 * leaves the old or the new content. Reads take no lock: a rename is never seen half done.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Clock } from '../../core/types.js';
import { StateError } from '../../core/errors.js';
import type { StateBackend } from '../backend.js';
import { assertJsonValue } from '../json-value.js';
import type { FileStateConfig } from '../state-config.js';
import {
  appendEntry,
  deleteDoc,
  emptyStateData,
  listEntries,
  putDoc,
  releaseLock,
  takeLock,
  type Change,
  type StateData,
} from '../state-data.js';
import type { Capability, HistoryEntry, Lock, ExpectedVersion, StateStore, Versioned } from '../store.js';
import { removeTempFiles, writeFileAtomic } from './atomic-write.js';
import { parseStateFile, serializeStateFile } from './file-format.js';
import { acquireFileLock } from './file-lock.js';
import { errorCode } from './fs-errors.js';

export interface FileStoreOptions {
  /** The state file; its directory is created on the first change. */
  readonly path: string;
  readonly clock: Clock;
  /** How long to wait for another process's lock file. Default 10 s. */
  readonly lockTimeoutMs?: number;
  /** After how long a lock file with no readable owner counts as abandoned. Default 2 s. */
  readonly lockStaleAfterMs?: number;
}

const ALL: ReadonlySet<Capability> = new Set<Capability>(['compare-and-set', 'locks', 'history']);

export class FileStore implements StateStore {
  readonly type = 'file';
  readonly capabilities = ALL;
  readonly path: string;
  private readonly clock: Clock;
  private readonly lockTimeoutMs: number;
  private readonly lockStaleAfterMs: number;
  /** Changes from this instance run one at a time instead of racing for the lock file. */
  private queue: Promise<unknown> = Promise.resolve();
  private tempFilesRemoved = false;
  private closed = false;

  constructor(options: FileStoreOptions) {
    this.path = options.path;
    this.clock = options.clock;
    this.lockTimeoutMs = options.lockTimeoutMs ?? 10_000;
    // Only a lock file with no readable owner uses this age: its creator died between
    // creating and writing it (a live one takes microseconds there), so waiting long for it
    // only stalls every later writer.
    this.lockStaleAfterMs = options.lockStaleAfterMs ?? 2_000;
  }

  async get(key: string): Promise<Versioned<unknown> | undefined> {
    this.assertOpen();
    return (await this.read()).docs.get(key);
  }

  put(key: string, value: unknown, expectedVersion: ExpectedVersion): Promise<number> {
    return this.change((data) => {
      assertJsonValue(value, 'value');
      return putDoc(data, key, value, expectedVersion, this.clock());
    });
  }

  delete(key: string, expectedVersion: ExpectedVersion): Promise<void> {
    return this.change((data) => deleteDoc(data, key, expectedVersion, this.clock()));
  }

  lock(name: string, owner: string, ttlMs: number): Promise<Lock | undefined> {
    return this.change((data) => takeLock(data, this.clock, name, owner, ttlMs));
  }

  release(name: string, owner: string): Promise<void> {
    return this.change((data) => releaseLock(data, name, owner));
  }

  appendHistory(entry: HistoryEntry, limit: number): Promise<void> {
    return this.change((data) => {
      assertJsonValue(entry, 'history entry');
      return appendEntry(data, entry, limit);
    });
  }

  async listHistory(pool: string, limit: number): Promise<readonly HistoryEntry[]> {
    this.assertOpen();
    return listEntries(await this.read(), pool, limit);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.queue.catch(() => undefined);
  }

  private async read(): Promise<StateData> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return emptyStateData();
      throw new StateError(`cannot read state file ${this.path}: ${String(error)}`, { cause: error });
    }
    return parseStateFile(text, this.path);
  }

  /** Changes already asked for when close() is called still run; later ones are refused. */
  private change<R>(apply: (data: StateData) => Change<R>): Promise<R> {
    if (this.closed) return Promise.reject(this.closedError());
    const run = async (): Promise<R> => {
      await this.createDirectory();
      const lock = await acquireFileLock({
        path: `${this.path}.lock`,
        clock: this.clock,
        staleAfterMs: this.lockStaleAfterMs,
        timeoutMs: this.lockTimeoutMs,
      });
      try {
        await this.removeTempFilesOnce();
        const data = await this.read();
        const { result, changed } = apply(data);
        if (changed) {
          await lock.verify();
          await this.write(data);
        }
        return result;
      } finally {
        await lock.release();
      }
    };
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async write(data: StateData): Promise<void> {
    try {
      await writeFileAtomic(this.path, serializeStateFile(data));
    } catch (error) {
      throw new StateError(`cannot write state file ${this.path}: ${String(error)}`, { cause: error });
    }
  }

  private async createDirectory(): Promise<void> {
    try {
      await mkdir(dirname(this.path), { recursive: true });
    } catch (error) {
      throw new StateError(`cannot create the directory of state file ${this.path}: ${String(error)}`, {
        cause: error,
      });
    }
  }

  private async removeTempFilesOnce(): Promise<void> {
    if (this.tempFilesRemoved) return;
    await removeTempFiles(this.path).catch(() => undefined);
    this.tempFilesRemoved = true;
  }

  private assertOpen(): void {
    if (this.closed) throw this.closedError();
  }

  private closedError(): StateError {
    return new StateError(`state store for ${this.path} is closed`);
  }
}

export function createFileStore(options: FileStoreOptions): FileStore {
  return new FileStore(options);
}

export const fileBackend: StateBackend<FileStateConfig> = {
  type: 'file',
  create: (config, deps) =>
    new FileStore({ path: resolve(deps.cwd ?? process.cwd(), config.path), clock: deps.clock }),
};
