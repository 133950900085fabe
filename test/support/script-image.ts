/**
 * Test images built without any registry: a static busybox rootfs plus one shell script,
 * packed with `tar` and imported. The runner and the agent images are two of these.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Dockerode from 'dockerode';
import { findStaticBusybox } from './busybox.js';

export interface ScriptImage {
  /** Path of the script on this machine. */
  readonly script: string;
  /** Its name in the image root, which the image runs (`/runner.sh`). */
  readonly scriptName: string;
  /** The busybox applets the script calls (echo is also an ash builtin; linked for `docker exec`). */
  readonly applets: readonly string[];
  /** Label holding the script's digest, so an image built from an older script is rebuilt. */
  readonly label: string;
}

/** Builds and tags the image unless the tag already holds this script. Returns the tag. */
export async function ensureScriptImage(docker: Dockerode, tag: string, spec: ScriptImage): Promise<string> {
  const script = await readFile(spec.script);
  const digest = createHash('sha256').update(script).digest('hex');
  if ((await builtFrom(docker, tag, spec.label)) === digest) return tag;
  const rootfs = await mkdtemp(join(tmpdir(), 'ci-scaler-rootfs-'));
  try {
    await writeRootfs(rootfs, spec, script);
    await importRootfs(docker, rootfs, tag, [
      'ENV PATH=/bin',
      `LABEL ${spec.label}=${digest}`,
      `CMD ["/bin/sh","/${spec.scriptName}"]`,
    ]);
  } finally {
    await rm(rootfs, { recursive: true, force: true });
  }
  return tag;
}

async function builtFrom(docker: Dockerode, tag: string, label: string): Promise<string | undefined> {
  try {
    return (await docker.getImage(tag).inspect()).Config.Labels?.[label];
  } catch (error) {
    if ((error as { statusCode?: unknown }).statusCode === 404) return undefined;
    throw error;
  }
}

async function writeRootfs(rootfs: string, spec: ScriptImage, script: Buffer): Promise<void> {
  const bin = join(rootfs, 'bin');
  await mkdir(bin);
  await mkdir(join(rootfs, 'tmp'), { mode: 0o1777 });
  await mkdir(join(rootfs, 'etc'));
  await copyFile(await findStaticBusybox(), join(bin, 'busybox'));
  await chmod(join(bin, 'busybox'), 0o755);
  for (const applet of spec.applets) await symlink('busybox', join(bin, applet));
  await writeFile(join(rootfs, spec.scriptName), script, { mode: 0o755 });
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
