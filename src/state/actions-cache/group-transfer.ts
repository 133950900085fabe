/**
 * Moves one group's file to and from the Actions cache with @actions/cache, which packs
 * the file with tar (and zstd when present) and talks to the cache service.
 *
 * The library files an entry under a version hashed from the path strings it was given,
 * and tar stores the path relative to the workspace. So a group's file lives at a path
 * that is the same in every run (`<dir>/<hash of prefix and group>.json`, dir under
 * RUNNER_TEMP by default), never in a fresh temp dir: a different path would be a
 * different version, and nothing saved would ever be found again.
 */
import { restoreCache, saveCache } from '@actions/cache';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { StateError } from '../../core/errors.js';
import type { CacheEnv } from './cache-env.js';
import { entryKey, groupSegment, restorePrefix, type Group } from './cache-keys.js';
import { lookupEntry } from './cache-lookup.js';
import { cacheVersion, detectCompression, type CompressionMethod } from './cache-version.js';
import { withPathLock } from './path-lock.js';

export interface GroupTransferOptions {
  readonly env: CacheEnv;
  /** Directory of the group files; the same path in every run that shares the state. */
  readonly dir: string;
  readonly prefix: string;
  readonly lookupRetryDelaysMs: readonly number[];
}

export interface RestoredGroup {
  readonly key: string;
  readonly text: string;
}

export class GroupTransfer {
  private readonly options: GroupTransferOptions;
  private compression: Promise<CompressionMethod> | undefined;
  private readonly touched = new Set<string>();

  constructor(options: GroupTransferOptions) {
    this.options = options;
  }

  filePath(group: Group): string {
    const name = createHash('sha256')
      .update(`${this.options.prefix}-${groupSegment(group)}`)
      .digest('hex')
      .slice(0, 32);
    return join(this.options.dir, `${name}.json`);
  }

  /** The text of the group's newest entry, or undefined when the cache holds none. */
  restore(group: Group): Promise<RestoredGroup | undefined> {
    const path = this.touch(group);
    return withPathLock(path, () => this.restoreAt(path, group));
  }

  private async restoreAt(path: string, group: Group): Promise<RestoredGroup | undefined> {
    // A file left by an earlier store must not pass for one the cache restored.
    await rm(path, { force: true });
    const version = cacheVersion([path], await this.compressionMethod());
    const { env, lookupRetryDelaysMs } = this.options;
    const key = await lookupEntry(
      { resultsUrl: env.resultsUrl, runtimeToken: env.runtimeToken, retryDelaysMs: lookupRetryDelaysMs },
      restorePrefix(this.options.prefix, group),
      version,
    );
    if (key === undefined) return undefined;
    let restored: string | undefined;
    try {
      restored = await restoreCache([path], key);
    } catch (error) {
      throw new StateError(`restoring cache entry ${key} failed: ${describe(error)}`, { cause: error });
    }
    if (restored !== key) {
      // restoreCache logs the reason as a warning and returns undefined.
      throw new StateError(`restoring cache entry ${key} failed; @actions/cache logged the reason above`);
    }
    try {
      return { key, text: await readFile(path, 'utf8') };
    } catch (error) {
      throw new StateError(
        `cache entry ${key} restored no file at ${path} (saved by a job with another workspace or RUNNER_TEMP?)`,
        { cause: error },
      );
    }
  }

  /** Saves `text` as a new entry; returns its key. */
  save(group: Group, text: string, suffix: string): Promise<string> {
    const path = this.touch(group);
    return withPathLock(path, () => this.saveAt(path, group, text, suffix));
  }

  private async saveAt(path: string, group: Group, text: string, suffix: string): Promise<string> {
    const key = entryKey(this.options.prefix, group, suffix);
    try {
      await mkdir(this.options.dir, { recursive: true });
      await writeFile(path, text);
    } catch (error) {
      throw new StateError(`cannot write ${path}: ${describe(error)}`, { cause: error });
    }
    let id: number;
    try {
      id = await saveCache([path], key);
    } catch (error) {
      throw new StateError(`saving cache entry ${key} failed: ${describe(error)}`, { cause: error });
    }
    // saveCache logs any failure but a ValidationError as a warning and returns -1.
    if (id === -1)
      throw new StateError(`saving cache entry ${key} failed; @actions/cache logged the reason above`);
    return key;
  }

  /** Removes the group files this transfer wrote or restored. */
  async removeFiles(): Promise<void> {
    await Promise.all(
      [...this.touched].map((path) =>
        withPathLock(path, () => rm(path, { force: true })).catch(() => undefined),
      ),
    );
  }

  private touch(group: Group): string {
    const path = this.filePath(group);
    this.touched.add(path);
    return path;
  }

  private compressionMethod(): Promise<CompressionMethod> {
    this.compression ??= detectCompression();
    return this.compression;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
