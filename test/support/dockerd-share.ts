/**
 * One daemon for the whole test run, started lazily by the first docker test file.
 *
 * The global setup only makes an empty share dir (cheap, so runs without docker tests
 * pay nothing). The first test worker that needs the daemon wins `mkdir starting`
 * (atomic), starts dockerd detached, builds the runner image and publishes
 * `daemon.json`; the others wait for that file (or `failed.txt`). The global teardown
 * stops the daemon named in `daemon.json` by its pid.
 */
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {} from 'vitest';
import { stopDockerd, type DockerdRecord } from './dockerd.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Share dir of the lazily started test daemon (test/support/docker-global-setup.ts). */
    dockerShareDir: string;
  }
}

export const SHARE_KEY = 'dockerShareDir';

export interface SharedDaemon extends DockerdRecord {
  /** The runner image, already built on this daemon. */
  readonly image: string;
}

const DAEMON_FILE = 'daemon.json';
const FAILED_FILE = 'failed.txt';
const CLAIM_DIR = 'starting';

export function createShareDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'ci-scaler-docker-share-'));
}

/** True for the one caller that must start the daemon. */
export async function claimStart(shareDir: string): Promise<boolean> {
  try {
    await mkdir(join(shareDir, CLAIM_DIR));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

export async function publishDaemon(shareDir: string, daemon: SharedDaemon): Promise<void> {
  // Written whole, then renamed: a waiter never reads half a file.
  const temp = join(shareDir, `${DAEMON_FILE}.tmp`);
  await writeFile(temp, JSON.stringify(daemon));
  await rename(temp, join(shareDir, DAEMON_FILE));
}

export async function publishFailure(shareDir: string, message: string): Promise<void> {
  await writeFile(join(shareDir, FAILED_FILE), message);
}

export async function readDaemon(shareDir: string): Promise<SharedDaemon | undefined> {
  try {
    return JSON.parse(await readFile(join(shareDir, DAEMON_FILE), 'utf8')) as SharedDaemon;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function readFailure(shareDir: string): Promise<string | undefined> {
  try {
    return await readFile(join(shareDir, FAILED_FILE), 'utf8');
  } catch {
    return undefined;
  }
}

/** Waits for the daemon another worker is starting. */
export async function awaitDaemon(shareDir: string, timeoutMs = 90_000): Promise<SharedDaemon> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const daemon = await readDaemon(shareDir);
    if (daemon !== undefined) return daemon;
    const failure = await readFailure(shareDir);
    if (failure !== undefined) throw new Error(`the shared test dockerd failed to start:\n${failure}`);
    if (Date.now() > deadline) throw new Error(`no shared test dockerd after ${timeoutMs} ms (${shareDir})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Global teardown: stop the daemon if one was started, and remove the share dir. */
export async function releaseShare(shareDir: string): Promise<void> {
  const daemon = await readDaemon(shareDir);
  if (daemon !== undefined) await stopDockerd(daemon);
  await rm(shareDir, { recursive: true, force: true });
}
