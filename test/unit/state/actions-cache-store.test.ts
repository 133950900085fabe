import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/core/errors.js';
import { ActionsCacheStore } from '../../../src/state/actions-cache/actions-cache-store.js';
import { createStateStore } from '../../../src/state/index.js';
import { historyEntry } from '../../contract/state-store-contract.js';
import { startCacheHarness, type CacheHarness } from './actions-cache-harness.js';

const NOW = Date.UTC(2026, 0, 1);
const clock = (): number => NOW;

let h: CacheHarness;
beforeEach(async () => {
  h = await startCacheHarness(clock);
});
afterEach(async () => {
  await h.cleanup();
});

/** The cache lookups made so far, by the store and by the library. */
const lookups = (): number =>
  h.fake.calls.filter((c) => c.kind === 'twirp' && c.method === 'GetCacheEntryDownloadURL').length;

describe('actions-cache store: across runs', () => {
  it('keeps documents, versions and history for the next run', async () => {
    const first = h.createStore();
    await first.put('pool/linux', { memory: { lastScaleAt: 1 } }, 'any');
    await first.put('pool/linux', { memory: { lastScaleAt: 2 } }, 'any');
    await first.put('claim/linux/worker-1', { job: 7 }, 'any');
    await first.put('settings', { mode: 'auto' }, 'any');
    await first.appendHistory(historyEntry('linux', 1), 10);
    await first.close();

    const second = h.createStore();
    expect(await second.get('pool/linux')).toEqual({ value: { memory: { lastScaleAt: 2 } }, version: 2 });
    expect(await second.get('claim/linux/worker-1')).toEqual({ value: { job: 7 }, version: 1 });
    expect(await second.get('settings')).toEqual({ value: { mode: 'auto' }, version: 1 });
    expect(await second.listHistory('linux', 10)).toEqual([historyEntry('linux', 1)]);
    await second.close();
  });

  it('saves one entry per changed group, under keys that carry the group, run and a counter', async () => {
    const store = h.createStore({ instanceId: 'abcd1234' });
    await store.put('pool/linux', 1, 'any');
    await store.put('settings', 2, 'any');
    await store.get('pool/untouched');
    await store.flush();
    expect([...h.fake.keys()].sort()).toEqual([
      `ci-scaler-pool.linux--${NOW}-4711.1-abcd1234-1`,
      `ci-scaler-shared--${NOW}-4711.1-abcd1234-2`,
    ]);
    await store.flush(); // nothing changed since
    expect(h.fake.keys()).toHaveLength(2);
    await store.close();
  });

  it('restores the newest save of a group', async () => {
    const first = h.createStore();
    await first.put('pool/linux', 'old', 'any');
    await first.flush();
    await first.put('pool/linux', 'newer', 'any');
    await first.flush();
    await first.close();
    const second = h.createStore();
    await second.put('pool/linux', 'newest', 'any');
    await second.close();
    expect(h.fake.keys().filter((k) => k.startsWith('ci-scaler-pool.linux--'))).toHaveLength(3);

    const third = h.createStore();
    expect(await third.get('pool/linux')).toEqual({ value: 'newest', version: 3 });
    await third.close();
  });

  it('keeps pools apart, whatever their names', async () => {
    const pools = ['a', 'a-b', 'a%2Db', 'a_b', 'A', 'ä-🚀'];
    const first = h.createStore();
    for (const pool of pools) {
      await first.put(`pool/${pool}`, { pool }, 'any');
      await first.appendHistory(historyEntry(pool, pools.indexOf(pool)), 10);
    }
    await first.close();
    expect(h.fake.keys()).toHaveLength(pools.length);

    const second = h.createStore();
    for (const pool of pools) {
      expect(await second.get(`pool/${pool}`)).toEqual({ value: { pool }, version: 1 });
      expect(await second.listHistory(pool, 10)).toEqual([historyEntry(pool, pools.indexOf(pool))]);
    }
    await second.close();
  });

  it('reads a cache miss as an empty group, and saves nothing for it', async () => {
    const store = h.createStore();
    expect(await store.get('pool/linux')).toBeUndefined();
    expect(await store.listHistory('linux', 10)).toEqual([]);
    expect(await store.get('settings')).toBeUndefined();
    await store.close();
    expect(h.fake.calls.filter((c) => c.kind === 'blob')).toEqual([]);
    expect(h.fake.keys()).toEqual([]);
  });

  it('keeps only the newest `limit` history entries in what it saves', async () => {
    const first = h.createStore();
    for (let n = 1; n <= 6; n++) await first.appendHistory(historyEntry('linux', n), 3);
    await first.close();
    const second = h.createStore();
    expect(await second.listHistory('linux', 100)).toEqual([4, 5, 6].map((n) => historyEntry('linux', n)));
    await second.close();
  });
});

describe('actions-cache store: restores', () => {
  it('restores each group once per store, however many calls wait for it', async () => {
    const first = h.createStore();
    await first.put('pool/linux', 1, 'any');
    await first.close();
    const before = lookups();

    const second = h.createStore();
    await Promise.all([
      second.get('pool/linux'),
      second.get('claim/linux/w1'),
      second.listHistory('linux', 5),
      second.put('claim/linux/w2', 2, 'any'),
    ]);
    await second.get('pool/linux');
    // One lookup by the store, one by @actions/cache's restoreCache.
    expect(lookups() - before).toBe(2);
    await second.close();
  });

  it('asks the service with the same version the library saves under', async () => {
    const first = h.createStore();
    await first.put('pool/linux', 1, 'any');
    await first.close();
    const second = h.createStore();
    await second.get('pool/linux');
    await second.close();
    const versions = h.fake.calls.flatMap((c) =>
      c.kind === 'twirp' ? [(c.body as { version?: string }).version] : [],
    );
    expect(versions.length).toBeGreaterThanOrEqual(4);
    expect(new Set(versions).size).toBe(1);
  });

  it('downloads as on GitHub when the URL is an Azure blob host: HEAD, then ranged GETs', async () => {
    await h.cleanup();
    h = await startCacheHarness(clock, { blobHost: 'azure' });
    const first = h.createStore();
    await first.put('pool/linux', { n: 1 }, 'any');
    await first.close();
    const second = h.createStore();
    expect(await second.get('pool/linux')).toEqual({ value: { n: 1 }, version: 1 });
    await second.close();
    const blobCalls = h.fake.calls.flatMap((c) => (c.kind === 'blob' ? [c] : []));
    expect(blobCalls.map((c) => [c.operation, c.status])).toEqual([
      ['put-blob', 201],
      ['head', 200],
      ['get', 206],
    ]);
    expect(blobCalls.every((c) => c.host?.startsWith('fakecacheaccount.blob.core.windows.net:'))).toBe(true);
    expect(blobCalls[2]?.range).toMatch(/^bytes=0-\d+$/);
  });
});

describe('actions-cache store: no compare-and-set', () => {
  it('lets the later of two concurrent jobs win, which is why workflows use a concurrency group', async () => {
    const seed = h.createStore();
    await seed.put('pool/linux', 'seed', 'any');
    await seed.close();
    const jobA = h.createStore({ instanceId: 'jobA' });
    const jobB = h.createStore({ instanceId: 'jobB' });
    expect((await jobA.get('pool/linux'))?.value).toBe('seed');
    expect((await jobB.get('pool/linux'))?.value).toBe('seed');
    await jobA.put('pool/linux', 'from A', 'any');
    await jobB.put('pool/linux', 'from B', 'any');
    await jobA.close();
    await jobB.close();
    const next = h.createStore();
    expect(await next.get('pool/linux')).toEqual({ value: 'from B', version: 2 });
    await next.close();
  });
});

describe('actions-cache store: creation', () => {
  it('is created lazily by the registry, with the configured prefix, offering history only', async () => {
    const store = await createStateStore({ type: 'actions-cache', prefix: 'acme-scaler' }, { clock });
    expect(store).toBeInstanceOf(ActionsCacheStore);
    expect([...store.capabilities]).toEqual(['history']);
    await store.put('pool/linux', 1, 'any');
    await store.flush?.();
    expect(h.fake.keys()[0]).toMatch(/^acme-scaler-pool\.linux--\d+-4711\.1-[0-9a-f]{8}-1$/);
    await store.close();
  });

  it('refuses a prefix that would break the prefix-free keys with a ConfigError', () => {
    for (const prefix of ['', 'a b', 'a,b', 'ci--scaler', 'ci-']) {
      expect(() => h.createStore({ prefix })).toThrow(ConfigError);
    }
  });

  it('removes its files on close', async () => {
    const store = h.createStore();
    await store.put('pool/linux', 1, 'any');
    await store.close();
    expect(await readdir(join(h.runnerTemp, 'ci-scaler-state'))).toEqual([]);
  });
});
