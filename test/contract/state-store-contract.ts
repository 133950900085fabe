/**
 * The behaviour every StateStore must show. Each store's test runs it with
 * `describe.each` over providers; a new store passes this suite before it is registered.
 * Tests that need a capability the store lacks are skipped, and for each missing
 * capability the suite asserts instead that its calls are refused.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, StateError, UnsupportedError } from '../../src/core/errors.js';
import type { Clock } from '../../src/core/types.js';
import {
  CAPABILITIES,
  TOMBSTONE_RETENTION_MS,
  type Capability,
  type HistoryEntry,
  type StateStore,
} from '../../src/state/store.js';

export type StateStoreFactory = (
  clock: Clock,
) => Promise<{ store: StateStore; cleanup: () => Promise<void> }>;

interface Harness {
  readonly store: StateStore;
  advance(ms: number): void;
  now(): number;
}

const START = Date.UTC(2026, 0, 1);

export function defineStateStoreContract(name: string, factory: StateStoreFactory): void {
  describe(`StateStore contract (${name})`, () => {
    let time = START;
    let current: { store: StateStore; cleanup: () => Promise<void> } | undefined;
    const harness: Harness = {
      get store() {
        if (current === undefined) throw new Error('no store outside a test');
        return current.store;
      },
      advance: (ms) => (time += ms),
      now: () => time,
    };
    beforeEach(async () => {
      time = START;
      current = await factory(() => time);
    });
    afterEach(async () => {
      await current?.cleanup();
      current = undefined;
    });

    it('declares only known capabilities', () => {
      for (const capability of harness.store.capabilities) expect(CAPABILITIES).toContain(capability);
    });
    documentTests(harness);
    lockTests(harness);
    historyTests(harness);
    refusalTests(harness);
    it('refuses calls after close with StateError', async () => {
      await harness.store.close();
      await expect(harness.store.get('k')).rejects.toThrow(StateError);
    });
  });
}

/** A test that runs only when the store offers `capability`, and shows as skipped otherwise. */
function itWith(
  h: Harness,
  capability: Capability,
  title: string,
  body: (store: StateStore) => Promise<void>,
): void {
  it(title, async (context) => {
    if (!h.store.capabilities.has(capability)) {
      context.skip(`store lacks ${capability}`);
      return;
    }
    await body(h.store);
  });
}

function documentTests(h: Harness): void {
  it('plain writes: get of an absent key is undefined, put any creates and overwrites, delete any removes', async () => {
    const store = h.store;
    expect(await store.get('plain')).toBeUndefined();
    expect(await store.put('plain', { a: 1 }, 'any')).toBe(1);
    expect(await store.put('plain', { a: 2 }, 'any')).toBe(2);
    expect(await store.get('plain')).toEqual({ value: { a: 2 }, version: 2 });
    await store.delete('plain', 'any');
    expect(await store.get('plain')).toBeUndefined();
    await store.delete('plain', 'any');
  });

  it('gets undefined for an absent key', async () => {
    expect(await h.store.get('absent')).toBeUndefined();
  });
  itWith(h, 'compare-and-set', 'creates with version 0 once; a second create conflicts', async (store) => {
    expect(await store.put('k', { n: 1 }, 0)).toBe(1);
    expect(await store.get('k')).toEqual({ value: { n: 1 }, version: 1 });
    await expect(store.put('k', { n: 2 }, 0)).rejects.toThrow(ConflictError);
    expect(await store.get('k')).toEqual({ value: { n: 1 }, version: 1 });
  });
  itWith(h, 'compare-and-set', 'increments the version on a put with the right version', async (store) => {
    await store.put('k', 'a', 0);
    expect(await store.put('k', 'b', 1)).toBe(2);
    expect(await store.put('k', 'c', 2)).toBe(3);
    expect(await store.get('k')).toEqual({ value: 'c', version: 3 });
  });
  itWith(h, 'compare-and-set', 'rejects a stale version and keeps the value', async (store) => {
    await store.put('k', 'a', 0);
    await store.put('k', 'b', 1);
    await expect(store.put('k', 'stale', 1)).rejects.toThrow(ConflictError);
    await expect(store.put('absent', 'x', 1)).rejects.toThrow(ConflictError);
    expect(await store.get('k')).toEqual({ value: 'b', version: 2 });
    expect(await store.get('absent')).toBeUndefined();
  });
  itWith(h, 'compare-and-set', 'deletes only with the right version; absent is fine', async (store) => {
    await store.put('k', 'a', 0);
    await expect(store.delete('k', 2)).rejects.toThrow(ConflictError);
    expect(await store.get('k')).toEqual({ value: 'a', version: 1 });
    await store.delete('k', 1);
    expect(await store.get('k')).toBeUndefined();
    await store.delete('k', 1);
    await store.delete('k', 'any');
    // Created again, it goes on from the deleted version (the next test says why).
    expect(await store.put('k', 'again', 0)).toBe(2);
    expect(await store.get('k')).toEqual({ value: 'again', version: 2 });
  });
  itWith(
    h,
    'compare-and-set',
    'a writer that read before a delete conflicts with the re-created document',
    async (store) => {
      await store.put('k', 'old', 0);
      const seen = await store.get('k');
      await store.delete('k', 1);
      await store.put('k', 'new', 0);
      // With versions restarting at 1, this stale write would match and overwrite "new" (ABA).
      await expect(store.put('k', 'based on old', seen?.version ?? -1)).rejects.toThrow(ConflictError);
      await expect(store.delete('k', seen?.version ?? -1)).rejects.toThrow(ConflictError);
      expect(await store.get('k')).toEqual({ value: 'new', version: 2 });
      // A plain write after a delete goes on from the deleted version as well.
      await store.delete('k', 'any');
      expect(await store.put('k', 'plain', 'any')).toBe(3);
    },
  );
  itWith(h, 'compare-and-set', 'a stale version does not write over a tombstone either', async (store) => {
    await store.put('k', 'a', 0);
    await store.delete('k', 1);
    await expect(store.put('k', 'stale', 1)).rejects.toThrow(ConflictError);
    expect(await store.get('k')).toBeUndefined();
  });
  itWith(h, 'compare-and-set', 'keeps a deleted version for the whole retention', async (store) => {
    await store.put('old', 'a', 0);
    await store.delete('old', 1);
    h.advance(TOMBSTONE_RETENTION_MS - 1);
    // Other deletes prune what is past the retention; this one is not yet.
    await store.put('young', 'b', 0);
    await store.delete('young', 1);
    expect(await store.put('old', 'again', 0)).toBe(2);
  });
  itWith(h, 'compare-and-set', 'keeps copies: callers cannot mutate what is stored', async (store) => {
    const value = { list: [1, 2], nested: { a: 'x' } };
    await store.put('k', value, 0);
    value.list.push(3);
    value.nested.a = 'changed';
    const got = await store.get('k');
    expect(got?.value).toEqual({ list: [1, 2], nested: { a: 'x' } });
    (got?.value as { list: number[] }).list.push(4);
    expect((await store.get('k'))?.value).toEqual({ list: [1, 2], nested: { a: 'x' } });
  });
  itWith(h, 'compare-and-set', 'treats any key as data, keys are independent', async (store) => {
    const keys = ['__proto__', 'constructor', 'pools/a b.json', 'é'];
    for (const [i, key] of keys.entries()) await store.put(key, { i }, 0);
    for (const [i, key] of keys.entries()) expect(await store.get(key)).toEqual({ value: { i }, version: 1 });
    expect(await store.get('toString')).toBeUndefined();
  });
  itWith(h, 'compare-and-set', 'refuses values JSON cannot hold, storing nothing', async (store) => {
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    const bad: unknown[] = [
      undefined,
      Number.NaN,
      new Date(0),
      new Map(),
      { a: undefined },
      [() => 1],
      cyclic,
      1n,
    ];
    for (const value of bad) await expect(store.put('k', value, 0)).rejects.toThrow(TypeError);
    expect(await store.get('k')).toBeUndefined();
  });
  itWith(h, 'compare-and-set', 'refuses a version that is not an integer >= 0', async (store) => {
    await expect(store.put('k', 1, -1)).rejects.toThrow(RangeError);
    await expect(store.put('k', 1, 0.5)).rejects.toThrow(RangeError);
    await expect(store.delete('k', -1)).rejects.toThrow(RangeError);
  });
}

function lockTests(h: Harness): void {
  itWith(h, 'locks', 'gives the lock to the first owner only while it is unexpired', async (store) => {
    expect(await store.lock('pool-a', 'A', 1000)).toEqual({
      name: 'pool-a',
      owner: 'A',
      expiresAt: h.now() + 1000,
    });
    expect(await store.lock('pool-a', 'B', 1000)).toBeUndefined();
    h.advance(999);
    expect(await store.lock('pool-a', 'B', 1000)).toBeUndefined();
    expect(await store.lock('pool-b', 'B', 1000)).toMatchObject({ owner: 'B' });
  });
  itWith(h, 'locks', 'renews for the same owner: expiresAt moves', async (store) => {
    const first = await store.lock('pool-a', 'A', 1000);
    h.advance(600);
    const renewed = await store.lock('pool-a', 'A', 1000);
    expect(renewed?.expiresAt).toBe(h.now() + 1000);
    expect(renewed?.expiresAt).toBeGreaterThan(first?.expiresAt ?? Infinity);
    h.advance(600); // past the first expiry, inside the renewed one
    expect(await store.lock('pool-a', 'B', 1000)).toBeUndefined();
  });
  itWith(h, 'locks', 'lets another owner take an expired lock', async (store) => {
    await store.lock('pool-a', 'A', 1000);
    h.advance(1001);
    expect(await store.lock('pool-a', 'B', 500)).toEqual({
      name: 'pool-a',
      owner: 'B',
      expiresAt: h.now() + 500,
    });
    expect(await store.lock('pool-a', 'A', 1000)).toBeUndefined();
  });
  itWith(h, 'locks', 'ignores a release by a non-owner; frees on release by the owner', async (store) => {
    await store.lock('pool-a', 'A', 1000);
    await store.release('pool-a', 'B');
    expect(await store.lock('pool-a', 'B', 1000)).toBeUndefined();
    await store.release('pool-a', 'A');
    expect(await store.lock('pool-a', 'B', 1000)).toMatchObject({ owner: 'B' });
    await store.release('never-taken', 'A');
  });
  itWith(h, 'locks', 'refuses a ttl that is not positive', async (store) => {
    await expect(store.lock('pool-a', 'A', 0)).rejects.toThrow(RangeError);
  });
}

export function historyEntry(pool: string, n: number): HistoryEntry {
  return {
    at: new Date(START + n * 1000).toISOString(),
    pool,
    kind: 'reconcile',
    desired: n,
    reason: `entry ${n}`,
    actions: [{ type: 'launch', result: 'ok', detail: `launched ${n}` }],
  };
}

function historyTests(h: Harness): void {
  itWith(h, 'history', 'keeps the newest `limit` entries per pool, oldest first', async (store) => {
    for (let n = 1; n <= 5; n++) await store.appendHistory(historyEntry('a', n), 3);
    expect(await store.listHistory('a', 10)).toEqual([3, 4, 5].map((n) => historyEntry('a', n)));
    expect(await store.listHistory('a', 2)).toEqual([4, 5].map((n) => historyEntry('a', n)));
    expect(await store.listHistory('a', 0)).toEqual([]);
  });
  itWith(h, 'history', 'keeps pools separate', async (store) => {
    await store.appendHistory(historyEntry('a', 1), 10);
    await store.appendHistory(historyEntry('b', 2), 10);
    await store.appendHistory(historyEntry('a', 3), 10);
    expect(await store.listHistory('a', 10)).toEqual([historyEntry('a', 1), historyEntry('a', 3)]);
    expect(await store.listHistory('b', 10)).toEqual([historyEntry('b', 2)]);
    expect(await store.listHistory('c', 10)).toEqual([]);
  });
  itWith(h, 'history', 'keeps copies of entries', async (store) => {
    await store.appendHistory(historyEntry('a', 1), 10);
    const [listed] = await store.listHistory('a', 10);
    (listed as { reason: string }).reason = 'changed';
    expect(await store.listHistory('a', 10)).toEqual([historyEntry('a', 1)]);
  });
}

const REFUSED_CALLS: Readonly<Record<Capability, readonly ((store: StateStore) => Promise<unknown>)[]>> = {
  'compare-and-set': [(s) => s.put('k', 1, 0), (s) => s.delete('k', 1)],
  locks: [(s) => s.lock('pool-a', 'A', 1000), (s) => s.release('pool-a', 'A')],
  history: [(s) => s.appendHistory(historyEntry('a', 1), 10), (s) => s.listHistory('a', 10)],
};

function refusalTests(h: Harness): void {
  for (const capability of CAPABILITIES) {
    it(`refuses ${capability} calls with UnsupportedError when it lacks ${capability}`, async (context) => {
      if (h.store.capabilities.has(capability)) {
        context.skip(`store offers ${capability}`);
        return;
      }
      for (const call of REFUSED_CALLS[capability])
        await expect(call(h.store)).rejects.toThrow(UnsupportedError);
    });
  }
}
