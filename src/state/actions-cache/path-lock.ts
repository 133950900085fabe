/**
 * A lock file next to a group file, held while a run restores, saves or removes it. The
 * group file's path must be the same in every run (group-transfer.ts), so two runs on
 * one machine that share RUNNER_TEMP (two runner instances, or the e2e tests) would
 * otherwise remove or rewrite a file while the other's tar is packing it.
 */
import { mkdir, open, readFile, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { StateError } from '../../core/errors.js';

export interface PathLockOptions {
  /** How long to wait for another holder before giving up. */
  readonly waitMs?: number;
  /** A lock older than this, or whose writer's process is gone, was left by a run that died. */
  readonly staleMs?: number;
}

function errorCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
}

/** Whether the process that wrote this lock is gone (a run killed while it held it). */
async function holderGone(lock: string): Promise<boolean> {
  const pid = Number(await readFile(lock, 'utf8').catch(() => ''));
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return errorCode(error) === 'ESRCH';
  }
}

async function acquire(lock: string, waitMs: number, staleMs: number): Promise<void> {
  await mkdir(dirname(lock), { recursive: true });
  const deadline = Date.now() + waitMs;
  for (let pause = 5; ; pause = Math.min(pause * 2, 200)) {
    try {
      const handle = await open(lock, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return;
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') throw error;
    }
    const held = await stat(lock).catch(() => undefined);
    if (held !== undefined && (Date.now() - held.mtimeMs > staleMs || (await holderGone(lock)))) {
      await rm(lock, { force: true });
      continue;
    }
    if (Date.now() > deadline)
      throw new StateError(`${lock} has been held by another run for over ${Math.round(waitMs / 1000)} s`);
    await delay(pause);
  }
}

export async function withPathLock<T>(
  path: string,
  work: () => Promise<T>,
  options: PathLockOptions = {},
): Promise<T> {
  const lock = `${path}.lock`;
  await acquire(lock, options.waitMs ?? 60_000, options.staleMs ?? 10 * 60_000);
  try {
    return await work();
  } finally {
    await rm(lock, { force: true });
  }
}
