/**
 * An inter-process lock file for one read-modify-write of the state file. It is
 * created with `open(path, 'wx')`, which fails when the file exists, and holds the
 * owner's pid, host, a token and an expiry. A lock whose expiry has passed (by the
 * injected clock), or whose owner process on this host is gone, is taken over: a
 * process killed while holding it must not block every later run.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { link, open, readFile, rename, unlink, type FileHandle } from 'node:fs/promises';
import type { Clock } from '../../core/types.js';
import { StateError } from '../../core/errors.js';
import { errorCode } from './fs-errors.js';

export interface FileLockOptions {
  readonly path: string;
  readonly clock: Clock;
  /** After how long a lock file with no readable owner counts as abandoned. */
  readonly staleAfterMs: number;
  /**
   * How long a readable lock holds before another host may take it over; default 60 s. A
   * holder takes milliseconds: this covers a stalled disk or a paused process, which must
   * not lose the lock mid-write. A holder on this host whose process is gone loses it at once.
   */
  readonly leaseMs?: number;
  /** How long to wait for a live holder before giving up. */
  readonly timeoutMs: number;
}

export interface FileLock {
  /** Throws StateError when another process has taken the lock over. */
  verify(): Promise<void>;
  release(): Promise<void>;
}

interface Holder {
  readonly raw: string;
  readonly pid?: number;
  readonly host?: string;
  readonly token?: string;
  readonly expiresAt?: number;
}

const DEFAULT_LEASE_MS = 60_000;
const FIRST_DELAY_MS = 2;
const MAX_DELAY_MS = 50;

export async function acquireFileLock(options: FileLockOptions): Promise<FileLock> {
  const { path, clock, timeoutMs } = options;
  const token = randomUUID();
  let waited = 0;
  let delay = FIRST_DELAY_MS;
  // An unreadable lock file has no expiry to compare: it is stale once it has stayed the
  // same for staleAfterMs of our own waiting. (Its mtime is the host's wall clock, which
  // the injected clock need not follow.)
  let unreadable: { raw: string; since: number } | undefined;
  for (;;) {
    const content = JSON.stringify({
      pid: process.pid,
      host: hostname(),
      token,
      expiresAt: clock() + (options.leaseMs ?? DEFAULT_LEASE_MS),
    });
    if (await tryCreate(path, content)) return heldLock(path, token);
    const holder = await readHolder(path);
    if (holder === undefined) continue; // released between our create and read: try again now
    if (holder.expiresAt === undefined && unreadable?.raw !== holder.raw)
      unreadable = { raw: holder.raw, since: waited };
    if (isStale(holder, options, waited - (unreadable?.since ?? waited))) {
      await takeOver(path, holder, token);
      continue;
    }
    if (waited >= timeoutMs) {
      const who =
        holder.pid === undefined ? 'an unknown process' : `pid ${holder.pid} on ${holder.host ?? '?'}`;
      throw new StateError(`timed out after ${timeoutMs} ms waiting for lock file ${path}, held by ${who}`);
    }
    // Jitter keeps two waiters from retrying in lockstep; at least 1 ms so `waited`
    // reaches the timeout. The timeout counts time spent waiting, not file I/O.
    const pause = Math.max(1, Math.min(delay * (0.5 + Math.random() / 2), timeoutMs - waited));
    await new Promise((resolve) => setTimeout(resolve, pause));
    waited += pause;
    delay = Math.min(delay * 2, MAX_DELAY_MS);
  }
}

async function tryCreate(path: string, content: string): Promise<boolean> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'wx');
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    throw new StateError(`cannot create lock file ${path}: ${String(error)}`, { cause: error });
  }
  try {
    await handle.writeFile(content);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(path).catch(() => undefined);
    throw new StateError(`cannot write lock file ${path}: ${String(error)}`, { cause: error });
  }
  await handle.close();
  return true;
}

async function readHolder(path: string): Promise<Holder | undefined> {
  let raw: string;
  try {
    raw = await readFile(path, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw new StateError(`cannot read lock file ${path}: ${String(error)}`, { cause: error });
  }
  try {
    const parsed = JSON.parse(raw) as Record<string, unknown>;
    return {
      raw,
      ...(typeof parsed['pid'] === 'number' ? { pid: parsed['pid'] } : {}),
      ...(typeof parsed['host'] === 'string' ? { host: parsed['host'] } : {}),
      ...(typeof parsed['token'] === 'string' ? { token: parsed['token'] } : {}),
      ...(typeof parsed['expiresAt'] === 'number' ? { expiresAt: parsed['expiresAt'] } : {}),
    };
  } catch {
    // Empty or partial: the holder is between open() and write(), or died there.
    return { raw };
  }
}

function isStale(holder: Holder, options: FileLockOptions, unreadableForMs: number): boolean {
  if (holder.expiresAt === undefined) return unreadableForMs >= options.staleAfterMs;
  return (
    options.clock() >= holder.expiresAt ||
    (holder.host === hostname() && holder.pid !== undefined && !isAlive(holder.pid))
  );
}

/** Whether a process with this pid exists on this host. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return errorCode(error) !== 'ESRCH';
  }
}

/**
 * Deleting a stale lock file directly could delete a fresh one that a faster process
 * created after we read the stale one. Renaming moves exactly one file; if it turns out
 * not to be the stale one we read, it is put back with link(), which refuses to
 * overwrite a lock created meanwhile (its holder then fails verify()).
 */
export async function takeOver(path: string, stale: { readonly raw: string }, token: string): Promise<void> {
  const aside = `${path}.${token}.stale`;
  try {
    await rename(path, aside);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return;
    throw new StateError(`cannot take over stale lock file ${path}: ${String(error)}`, { cause: error });
  }
  const moved = await readFile(aside, 'utf8').catch(() => undefined);
  if (moved !== stale.raw) await link(aside, path).catch(() => undefined);
  await unlink(aside).catch(() => undefined);
}

function heldLock(path: string, token: string): FileLock {
  const holds = async (): Promise<boolean> => (await readHolder(path))?.token === token;
  return {
    async verify() {
      if (!(await holds())) throw new StateError(`lock file ${path} was taken over by another process`);
    },
    async release() {
      // Only our own lock: after a takeover the file belongs to someone else.
      if (!(await holds())) return;
      try {
        await unlink(path);
      } catch (error) {
        if (errorCode(error) !== 'ENOENT') {
          throw new StateError(`cannot remove lock file ${path}: ${String(error)}`, { cause: error });
        }
      }
    },
  };
}
