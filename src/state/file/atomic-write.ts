/**
 * Crash-safe replacement of a file: write a temp file in the same directory, fsync it,
 * rename it over the target (atomic on POSIX within one file system), then fsync the
 * directory so the rename itself survives a power loss. A crash at any point leaves
 * the old file or the new one, never a torn one; at worst a temp file is left over.
 */
import { randomUUID } from 'node:crypto';
import { open, readdir, rename, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { errorCode } from './fs-errors.js';

export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const temp = join(dirname(path), `${tempPrefix(path)}${process.pid}.${randomUUID()}.tmp`);
  const handle = await open(temp, 'wx');
  try {
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await syncDirectory(dirname(path));
}

/**
 * Removes temp files that a crashed writer left behind. Call it only while holding the
 * lock file: then no live writer can be between creating its temp file and renaming it.
 */
export async function removeTempFiles(path: string): Promise<void> {
  // Exactly our own pattern: `.state.json.bak.<pid>.<uuid>.tmp` belongs to another file.
  const pattern = new RegExp(`^${escapeRegExp(tempPrefix(path))}\\d+\\.[0-9a-f-]{36}\\.tmp$`);
  let names: string[];
  try {
    names = await readdir(dirname(path));
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return;
    throw error;
  }
  const leftovers = names.filter((name) => pattern.test(name));
  await Promise.all(leftovers.map((name) => unlink(join(dirname(path), name)).catch(() => undefined)));
}

function tempPrefix(path: string): string {
  return `.${basename(path)}.`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Not every platform can open or fsync a directory (Windows cannot): there it is skipped. */
async function syncDirectory(dir: string): Promise<void> {
  let handle: FileHandle;
  try {
    handle = await open(dir, 'r');
  } catch {
    return;
  }
  try {
    await handle.sync();
  } catch (error) {
    const code = errorCode(error);
    if (code !== 'EINVAL' && code !== 'EPERM' && code !== 'EISDIR' && code !== 'ENOTSUP') throw error;
  } finally {
    await handle.close();
  }
}
