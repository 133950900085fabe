/**
 * The test agent image, built without any registry: a busybox rootfs plus
 * test/fixtures/agent-image/agent.sh (a fake tfc-agent, docs/dev/fake-agent-protocol.md),
 * packed with `tar` and imported, like runner-image.ts.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Dockerode from 'dockerode';
import { findStaticBusybox } from './busybox.js';

export const AGENT_IMAGE = 'ci-scaler-test/agent:latest';

const SCRIPT = fileURLToPath(new URL('../fixtures/agent-image/agent.sh', import.meta.url));
/** The applets agent.sh calls (echo is also an ash builtin; linked for `docker exec`). */
const APPLETS = ['sh', 'wget', 'sleep', 'cat', 'echo', 'tr', 'hostname', 'env', 'ls'];
/** Lets a stale image (built from an older agent.sh) be told apart and rebuilt. */
const SCRIPT_LABEL = 'ci-scaler-test.agent-sha256';

/** Builds and tags the image unless the tag already holds this agent.sh. Returns the tag. */
export async function ensureAgentImage(docker: Dockerode, tag = AGENT_IMAGE): Promise<string> {
  const script = await readFile(SCRIPT);
  const digest = createHash('sha256').update(script).digest('hex');
  if ((await builtFrom(docker, tag)) === digest) return tag;
  const rootfs = await mkdtemp(join(tmpdir(), 'ci-scaler-agent-rootfs-'));
  try {
    await writeRootfs(rootfs, script);
    await importRootfs(docker, rootfs, tag, [
      'ENV PATH=/bin',
      `LABEL ${SCRIPT_LABEL}=${digest}`,
      'CMD ["/bin/sh","/agent.sh"]',
    ]);
  } finally {
    await rm(rootfs, { recursive: true, force: true });
  }
  return tag;
}

async function builtFrom(docker: Dockerode, tag: string): Promise<string | undefined> {
  try {
    return (await docker.getImage(tag).inspect()).Config.Labels?.[SCRIPT_LABEL];
  } catch (error) {
    if ((error as { statusCode?: unknown }).statusCode === 404) return undefined;
    throw error;
  }
}

async function writeRootfs(rootfs: string, script: Buffer): Promise<void> {
  const bin = join(rootfs, 'bin');
  await mkdir(bin);
  await mkdir(join(rootfs, 'tmp'), { mode: 0o1777 });
  await mkdir(join(rootfs, 'etc'));
  await copyFile(await findStaticBusybox(), join(bin, 'busybox'));
  await chmod(join(bin, 'busybox'), 0o755);
  for (const applet of APPLETS) await symlink('busybox', join(bin, applet));
  await writeFile(join(rootfs, 'agent.sh'), script, { mode: 0o755 });
}

async function importRootfs(
  docker: Dockerode,
  rootfs: string,
  tag: string,
  changes: string[],
): Promise<void> {
  const at = tag.lastIndexOf(':');
  const [repo, version] = at > tag.lastIndexOf('/') ? [tag.slice(0, at), tag.slice(at + 1)] : [tag, 'latest'];
  // Owned by root in the image whoever runs the tests.
  const tar = spawn('tar', ['-C', rootfs, '--numeric-owner', '--owner=0', '--group=0', '-cf', '-', '.'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tarErrors = '';
  tar.stderr.on('data', (chunk: Buffer) => {
    tarErrors += chunk.toString();
  });
  const tarDone = new Promise<void>((resolve, reject) => {
    tar.once('error', reject);
    tar.once('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`tar failed (${code}): ${tarErrors}`));
    });
  });
  const stream = await docker.importImage(tar.stdout, { repo, tag: version, changes });
  await Promise.all([followProgress(docker, stream), tarDone]);
}

/** The import answers with JSON progress lines; a failure arrives as an `error` line, not a status. */
function followProgress(docker: Dockerode, stream: NodeJS.ReadableStream): Promise<void> {
  return new Promise((resolve, reject) => {
    docker.modem.followProgress(stream, (error, output: unknown[] | undefined) => {
      const failed = output?.find(
        (line): line is { error: unknown } => typeof line === 'object' && line !== null && 'error' in line,
      );
      if (error) reject(error);
      else if (failed) reject(new Error(`image import failed: ${JSON.stringify(failed.error)}`));
      else resolve();
    });
  });
}
