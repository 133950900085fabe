/** The test run's one dockerd, from inside a test file (worker side of dockerd-share.ts). */
import Dockerode from 'dockerode';
import { inject } from 'vitest';
import { dockerAvailability, startDockerd } from './dockerd.js';
import {
  awaitDaemon,
  claimStart,
  publishDaemon,
  publishFailure,
  SHARE_KEY,
  type SharedDaemon,
} from './dockerd-share.js';
import { ensureRunnerImage } from './runner-image.js';

let shared: Promise<SharedDaemon> | undefined;

/** The shared daemon with the runner image built; starts it if this is the first caller of the run. */
export function sharedDockerd(): Promise<SharedDaemon> {
  shared ??= acquire();
  return shared;
}

/** A client for the shared daemon. */
export function dockerClient(daemon: Pick<SharedDaemon, 'host'>): Dockerode {
  return new Dockerode({ socketPath: daemon.host.replace(/^unix:\/\//, ''), host: undefined });
}

async function acquire(): Promise<SharedDaemon> {
  const availability = dockerAvailability();
  if (!availability.ok) {
    // Reached only when CI=true (elsewhere the suites are skipped): a missing daemon fails the run.
    throw new Error(`Docker tests cannot run: ${availability.reason}`);
  }
  const shareDir = inject(SHARE_KEY) as string | undefined;
  if (shareDir === undefined) {
    throw new Error(
      'no dockerShareDir: run vitest with vitest.config.ts (globalSetup test/support/docker-global-setup.ts)',
    );
  }
  if (!(await claimStart(shareDir))) return awaitDaemon(shareDir);
  try {
    const daemon = await startDockerd();
    let image: string;
    try {
      image = await ensureRunnerImage(dockerClient(daemon));
    } catch (error) {
      await daemon.stop();
      throw error;
    }
    const record: SharedDaemon = { host: daemon.host, pid: daemon.pid, dir: daemon.dir, image };
    await publishDaemon(shareDir, record);
    return record;
  } catch (error) {
    await publishFailure(shareDir, error instanceof Error ? (error.stack ?? error.message) : String(error));
    throw error;
  }
}
