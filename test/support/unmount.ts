/**
 * dockerd leaves mounts in its exec root after it stops (the network namespace under
 * exec/netns, overlay mounts of containers it was killed with); the temp dir cannot be
 * removed while they exist.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** /proc/self/mounts escapes spaces and the like as octal (`\040`). */
function unescapeMountPath(path: string): string {
  return path.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

export async function mountsUnder(dir: string): Promise<string[]> {
  const table = await readFile('/proc/self/mounts', 'utf8');
  return table
    .split('\n')
    .map((line) => unescapeMountPath(line.split(' ')[1] ?? ''))
    .filter((mount) => mount === dir || mount.startsWith(`${dir}/`));
}

/** Deepest first; lazy (-l), so a mount still held open by a dying process does not block. */
export async function unmountUnder(dir: string): Promise<void> {
  const mounts = [...new Set(await mountsUnder(dir))].sort((a, b) => b.length - a.length);
  for (const mount of mounts) {
    try {
      await run('umount', ['-l', mount]);
    } catch {
      // Already gone with its parent: the check below says whether anything is left.
    }
  }
  const left = await mountsUnder(dir);
  if (left.length > 0) throw new Error(`could not unmount: ${left.join(', ')}`);
}
