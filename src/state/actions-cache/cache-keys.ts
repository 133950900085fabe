/**
 * Which group a key belongs to, and the cache keys a group is saved and restored under.
 *
 *     entry key:      <prefix>-<group>--<suffix>     e.g. ci-scaler-pool.linux%2Dx64--1767225600000-4711.1-9f3a2c-1
 *     restore prefix: <prefix>-<group>--
 *     group:          pool.<escaped pool name> | shared
 *
 * The cache restores by prefix (the newest entry whose key starts with the one asked
 * for), so no group's restore prefix may be the start of another group's keys: `pool-a`
 * must never restore `pool-a-b`. The escaping keeps `[a-z0-9._~]` and writes every other
 * UTF-8 byte as `%XX` (upper-case hex), so an escaped name holds no `-` and the first `--`
 * in a key ends its group. Upper-case letters are escaped too, in case the service
 * compares keys without case. The prefix must not hold `--` or end in `-`, so that this
 * also holds between stores with different prefixes in one repository.
 */
import { ConfigError, StateError } from '../../core/errors.js';

export type Group = { readonly kind: 'pool'; readonly pool: string } | { readonly kind: 'shared' };

export const SHARED_GROUP: Group = { kind: 'shared' };

/** The cache service's limit (and @actions/cache's check). */
export const MAX_KEY_LENGTH = 512;

/**
 * `pool/<name>` and any `<anything>/<name>/<more>` belong to pool `<name>`, so a pool's
 * document and its claims travel together; every other key is in the shared group.
 */
export function groupOfKey(key: string): Group {
  const parts = key.split('/');
  const pool = parts.length >= 3 || (parts.length === 2 && parts[0] === 'pool') ? parts[1] : undefined;
  return pool === undefined || pool === '' ? SHARED_GROUP : poolGroup(pool);
}

export function poolGroup(pool: string): Group {
  return { kind: 'pool', pool };
}

/** The group's part of its cache keys; also its identity within a store. */
export function groupSegment(group: Group): string {
  return group.kind === 'shared' ? 'shared' : `pool.${escapeName(group.pool)}`;
}

export function describeGroup(group: Group): string {
  return group.kind === 'shared' ? 'the keys of no pool' : `pool ${JSON.stringify(group.pool)}`;
}

export function escapeName(name: string): string {
  // A lone surrogate would encode as U+FFFD and collide with another name.
  if (!name.isWellFormed()) throw new TypeError(`name ${JSON.stringify(name)} is not well-formed Unicode`);
  let escaped = '';
  for (const byte of new TextEncoder().encode(name)) {
    const char = String.fromCharCode(byte);
    escaped += /^[a-z0-9._~]$/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return escaped;
}

export function restorePrefix(prefix: string, group: Group): string {
  return checkLength(`${prefix}-${groupSegment(group)}--`);
}

export function entryKey(prefix: string, group: Group, suffix: string): string {
  return checkLength(`${restorePrefix(prefix, group)}${suffix}`);
}

/** Refuses a prefix the cache cannot take or that would break the prefix-free keys. */
export function checkPrefix(prefix: string): void {
  const problem = (message: string): ConfigError => new ConfigError([{ path: 'state.prefix', message }]);
  if (prefix === '') throw problem('must not be empty');
  if (/[\s,]/.test(prefix)) throw problem('must not contain spaces or commas (cache keys cannot)');
  if (prefix.includes('--') || prefix.endsWith('-')) {
    throw problem("must not contain '--' or end with '-' (the store ends each group's key prefix with '--')");
  }
}

function checkLength(key: string): string {
  if (key.length > MAX_KEY_LENGTH) {
    throw new StateError(`cache key ${key.slice(0, 80)}... is longer than ${MAX_KEY_LENGTH} characters`);
  }
  return key;
}
