/** When the launch of a registration without a machine began: its claim, else when first seen. */
import { expect, it } from 'vitest';
import { claimKey, EMPTY_POOL_DOC } from '../../../src/engine/pool-doc.js';
import { launchTimes } from '../../../src/engine/pool-record.js';
import { createMemoryStore } from '../../../src/state/memory/memory-store.js';

const now = Date.parse('2026-12-03T10:00:00Z');

it("takes the claim's time, else the time first seen, else now", async () => {
  const store = createMemoryStore({ clock: () => now });
  await store.put(claimKey('linux', 'linux-1-1'), { at: '2026-12-03T09:58:00Z' }, 0);
  const doc = {
    ...EMPTY_POOL_DOC,
    orphans: { 'linux-1-1': '2026-12-03T09:00:00Z', 'linux-2-1': '2026-12-03T09:59:00Z' },
  };
  const times = await launchTimes(store, 'linux', ['linux-1-1', 'linux-2-1', 'linux-3-1'], doc, now);
  expect(Object.fromEntries(times)).toEqual({
    'linux-1-1': Date.parse('2026-12-03T09:58:00Z'),
    'linux-2-1': Date.parse('2026-12-03T09:59:00Z'),
    'linux-3-1': now,
  });
});

it("never reads a name's first sighting from Object.prototype", async () => {
  // `orphans.constructor` is a function: read as a time, the launch began at NaN.
  const store = createMemoryStore({ clock: () => now });
  // A parsed document always has its orphans, if only `{}`.
  const doc = { ...EMPTY_POOL_DOC, orphans: {} };
  const times = await launchTimes(store, 'linux', ['constructor', 'toString'], doc, now);
  expect(Object.fromEntries(times)).toEqual({ constructor: now, toString: now });
});
