/**
 * An isolated Docker daemon for tests (see /work/shared/TESTING.md, "Docker Engine,
 * isolated"): its own data, exec root and socket in a temp dir, no bridge and no
 * firewall changes, stopped by its pid.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import Dockerode from 'dockerode';
import { findOnPath } from './find-on-path.js';
import { unmountUnder } from './unmount.js';

export type DockerAvailability = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** Where dockerd looks for a system containerd; when one runs there, it is used instead of its own. */
const SYSTEM_CONTAINERD = '/run/containerd/containerd.sock';

/** What a stop needs; also what a daemon started by another process is known by. */
export interface DockerdRecord {
  readonly host: string;
  readonly pid: number;
  readonly dir: string;
}

export interface Dockerd extends DockerdRecord {
  stop(): Promise<void>;
}

/** Whether an isolated daemon can be started here, and if not, why (shown in the skip). */
export function dockerAvailability(): DockerAvailability {
  if (process.platform !== 'linux')
    return { ok: false, reason: `dockerd needs Linux, this is ${process.platform}` };
  if (findOnPath('dockerd') === undefined) {
    return { ok: false, reason: 'dockerd is not on PATH (apt-get install docker.io)' };
  }
  if (process.getuid?.() !== 0) return { ok: false, reason: 'starting dockerd needs root' };
  if (findOnPath('busybox') === undefined) {
    return { ok: false, reason: 'busybox is not on PATH (apt-get install busybox-static)' };
  }
  if (findOnPath('tar') === undefined) return { ok: false, reason: 'tar is not on PATH' };
  return { ok: true };
}

export function dockerdArgs(dir: string): string[] {
  const args = [
    `--data-root=${join(dir, 'data')}`,
    `--exec-root=${join(dir, 'exec')}`,
    `--host=unix://${join(dir, 'docker.sock')}`,
    `--pidfile=${join(dir, 'dockerd.pid')}`,
    // Never the default bridge: it takes a private address range and rewrites the host firewall.
    '--bridge=none',
    '--iptables=false',
    '--ip-masq=false',
  ];
  if (existsSync(SYSTEM_CONTAINERD)) {
    // A shared containerd would mix our containers into the system daemon's "moby" namespace.
    const ns = `ci-scaler-test-${basename(dir)}`;
    args.push(`--containerd-namespace=${ns}`, `--containerd-plugins-namespace=${ns}-plugins`);
  }
  return args;
}

/** Starts a daemon and waits until it answers a ping. */
export async function startDockerd(options: { timeoutMs?: number } = {}): Promise<Dockerd> {
  const dockerd = findOnPath('dockerd');
  if (dockerd === undefined) throw new Error('dockerd is not on PATH (apt-get install docker.io)');
  const dir = await mkdtemp(join(tmpdir(), 'ci-scaler-dockerd-'));
  const logPath = join(dir, 'dockerd.log');
  const log = await open(logPath, 'w');
  // Detached: the daemon may outlive the test worker that started it (shared-dockerd.ts).
  const child = spawn(dockerd, dockerdArgs(dir), { detached: true, stdio: ['ignore', log.fd, log.fd] });
  await log.close();
  child.unref();
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = `dockerd exited (${signal ?? `code ${code}`})`));
  child.once('error', (error) => (exited = `dockerd did not start: ${error.message}`));
  const record = { host: `unix://${join(dir, 'docker.sock')}`, pid: child.pid ?? -1, dir };
  try {
    await waitForPing(join(dir, 'docker.sock'), options.timeoutMs ?? 30_000, () => exited);
  } catch (error) {
    const tail = await logTail(logPath);
    await stopDockerd(record);
    throw new Error(`${(error as Error).message}\n--- dockerd log (last lines) ---\n${tail}`, {
      cause: error,
    });
  }
  return { ...record, stop: () => stopDockerd(record) };
}

async function waitForPing(
  socketPath: string,
  timeoutMs: number,
  exited: () => string | undefined,
): Promise<void> {
  const docker = new Dockerode({ socketPath, host: undefined, timeout: 2_000 });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const reason = exited();
    if (reason !== undefined) throw new Error(reason);
    try {
      await docker.ping();
      return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`dockerd did not answer a ping within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function logTail(path: string, lines = 40): Promise<string> {
  try {
    return (await readFile(path, 'utf8')).trimEnd().split('\n').slice(-lines).join('\n');
  } catch (error) {
    return `(no log: ${(error as Error).message})`;
  }
}

/**
 * Stops the daemon by its pid (checked against its command line, so a reused pid is
 * never signalled), then removes what it left: network-namespace mounts and the temp dir.
 */
export async function stopDockerd(record: DockerdRecord, timeoutMs = 20_000): Promise<void> {
  if (isOurDaemon(record)) {
    signal(record.pid, 'SIGTERM');
    if (!(await waitForExit(record.pid, timeoutMs))) {
      // Its process group: the daemon and the containerd it started.
      signal(-record.pid, 'SIGKILL');
      await waitForExit(record.pid, 5_000);
    }
  }
  await unmountUnder(record.dir);
  await rm(record.dir, { recursive: true, force: true });
}

/** A process that exits between the check and the signal is what we wanted anyway. */
function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

function isOurDaemon(record: DockerdRecord): boolean {
  if (record.pid <= 0 || !isAlive(record.pid)) return false;
  try {
    return readFileSync(`/proc/${record.pid}/cmdline`, 'utf8').includes(
      `--data-root=${join(record.dir, 'data')}`,
    );
  } catch {
    return false;
  }
}

/** Alive and not a zombie (an exited daemon whose parent is gone may never be reaped here). */
function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}
