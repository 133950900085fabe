/**
 * The `version` the cache service files an entry under, computed as @actions/cache 6.x
 * does (getCacheVersion and getCompressionMethod in lib/internal/cacheUtils.js): a lookup
 * must send the same version as the library's save, or it never matches. The library does
 * not export it, so it is mirrored here, and a test compares it with what the library
 * sends to the fake service; a library upgrade that changes it fails that test.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';

/** The library's salt for breaking changes of the entry format. */
const VERSION_SALT = '1.0';

export type CompressionMethod = 'gzip' | 'zstd-without-long';

export function cacheVersion(paths: readonly string[], compression: CompressionMethod): string {
  const components = [...paths, compression];
  // The library marks Windows archives unless enableCrossOsArchive, which this store leaves off.
  if (process.platform === 'win32') components.push('windows-only');
  components.push(VERSION_SALT);
  return createHash('sha256').update(components.join('|')).digest('hex');
}

/** zstd when `zstd --quiet --version` prints anything, whatever its exit code; else gzip. */
export function detectCompression(): Promise<CompressionMethod> {
  return new Promise((resolve) => {
    execFile('zstd', ['--quiet', '--version'], (_error, stdout, stderr) => {
      resolve(`${stdout}${stderr}`.trim() === '' ? 'gzip' : 'zstd-without-long');
    });
  });
}
