/**
 * A lock file next to a group file, held while a run restores, saves or removes it. The
 * group file's path must be the same in every run (group-transfer.ts), so two runs on
 * one machine that share RUNNER_TEMP (two runner instances, or the e2e tests) would
 * otherwise remove or rewrite a file while the other's tar is packing it.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { StateError } from '../../core/errors.js';
import { isAlive, takeOver } from '../file/file-lock.js';
import { errorCode, unlessMissing } from '../file/fs-errors.js';

export interface PathLockOptions {
  /** How long to wait for another holder before giving up. */
  readonly waitMs?: number;
  /** A lock older than this, or whose writer's process is gone, was left by a run that died. */
  readonly staleMs?: number;
}

/** Whether the process that wrote this lock (its pid, first) is gone: a run killed while it held it. */
function holderGone(raw: string): boolean {
  const pid = Number(raw.split(' ')[0]);
  return Number.isInteger(pid) && pid > 0 && !isAlive(pid);
}

/** `<pid> <token>`: the token tells this holder's lock from the one that took it over. */
async function tryCreate(lock: string, content: string): Promise<boolean> {
  try {
    const handle = await open(lock, 'wx');
    await handle.writeFile(content);
    await handle.close();
    return true;
  } catch (error) {
    if (errorCode(error) !== 'EEXIST') throw error;
    return false;
  }
}

async function acquire(lock: string, content: string, waitMs: number, staleMs: number): Promise<void> {
  await mkdir(dirname(lock), { recursive: true });
  const deadline = Date.now() + waitMs;
  for (let pause = 5; ; pause = Math.min(pause * 2, 200)) {
    if (await tryCreate(lock, content)) return;
    if (Date.now() > deadline)
      throw new StateError(`${lock} has been held by another run for over ${Math.round(waitMs / 1000)} s`);
    // A lock released meanwhile is missing: try again now. Any other error is the caller's.
    const [raw, held] = await Promise.all([unlessMissing(readFile(lock, 'utf8')), unlessMissing(stat(lock))]);
    if (raw === undefined || held === undefined) continue;
    if (Date.now() - held.mtimeMs > staleMs || holderGone(raw)) {
      // The state file's takeover: it moves exactly the stale lock read, never a fresh one.
      await takeOver(lock, { raw }, randomUUID());
      continue;
    }
    await delay(pause);
  }
}

export async function withPathLock<T>(
  path: string,
  work: () => Promise<T>,
  options: PathLockOptions = {},
): Promise<T> {
  const lock = `${path}.lock`;
  const content = `${process.pid} ${randomUUID()}`;
  await acquire(lock, content, options.waitMs ?? 60_000, options.staleMs ?? 10 * 60_000);
  try {
    return await work();
  } finally {
    // Only our own: a run that held it past staleMs was taken over, and the file is the
    // new holder's now.
    if ((await unlessMissing(readFile(lock, 'utf8'))) === content) await rm(lock, { force: true });
  }
}
