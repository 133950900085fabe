import { beforeEach, describe, expect, it } from 'vitest';
import { StateError } from '../../../src/core/errors.js';
import { PRESETS } from '../../../src/core/presets.js';
import { Engine } from '../../../src/engine/engine.js';
import {
  clearOverride,
  effectivePolicy,
  overrideKey,
  parseOverride,
  readOverride,
  setOverride,
  type PoolOverride,
} from '../../../src/engine/overrides.js';
import { createMemoryStore } from '../../../src/state/memory/memory-store.js';
import type { StateStore } from '../../../src/state/store.js';
import { silentLogger } from '../../../src/telemetry/logger.js';
import { FakeCi, FakeHost } from '../../fakes/memory-ci.js';
import { MIN, policy, T0 } from '../core/builders.js';

let now: number;
let store: StateStore;
let ci: FakeCi;
let host: FakeHost;

const at = '2026-11-22T09:00:00.000Z';
const meta = (reason: string, desired = 0) => ({ reason, now, desired });

function engine(overrides: Parameters<typeof policy>[0] = {}): Engine {
  const pol = policy({ name: 'linux', labels: ['linux'], ...overrides });
  return new Engine({
    pools: [{ policy: pol, source: ci, provider: host }],
    store,
    clock: () => now,
    owner: 'test',
    logger: silentLogger,
  });
}

beforeEach(() => {
  now = T0;
  store = createMemoryStore({ clock: () => now });
  ci = new FakeCi();
  host = new FakeHost(() => now);
});

describe('effectivePolicy', () => {
  const config = policy({ max: 5, mode: 'enabled', scaleDownAfterMs: 7 * MIN, scaleDownCooldownMs: 9 * MIN });

  it('is the config policy when there is no override', () => {
    expect(effectivePolicy(config, undefined)).toBe(config);
  });

  it('takes the mode and manual target from the override', () => {
    const o: PoolOverride = { schemaVersion: 1, mode: 'manual', manualTarget: 3, reason: 'r', at };
    expect(effectivePolicy(config, o)).toMatchObject({ mode: 'manual', manualTarget: 3, max: 5 });
  });

  it('caps a stored manual target at a max lowered since', () => {
    const o: PoolOverride = { schemaVersion: 1, mode: 'manual', manualTarget: 8, reason: 'r', at };
    expect(effectivePolicy(config, o).manualTarget).toBe(5);
  });

  it('a preset replaces the scaleDown cooldown and after, nothing else', () => {
    const o: PoolOverride = { schemaVersion: 1, policy: 'aggressive', reason: 'r', at };
    const p = effectivePolicy(config, o);
    expect(p.scaleDownCooldownMs).toBe(PRESETS.aggressive.scaleDownCooldownMs);
    expect(p.scaleDownAfterMs).toBe(PRESETS.aggressive.scaleDownAfterMs);
    expect({ ...p, scaleDownCooldownMs: 0, scaleDownAfterMs: 0 }).toEqual({
      ...config,
      scaleDownCooldownMs: 0,
      scaleDownAfterMs: 0,
    });
  });

  it('an override to enabled keeps a config manual target out of the way', () => {
    const manual = policy({ mode: 'manual', manualTarget: 2 });
    const p = effectivePolicy(manual, { schemaVersion: 1, mode: 'enabled', reason: 'r', at });
    expect(p.mode).toBe('enabled');
  });
});

describe('parseOverride', () => {
  it('accepts a version 1 document', () => {
    const doc = {
      schemaVersion: 1,
      mode: 'manual',
      manualTarget: 2,
      policy: 'balanced',
      reason: 'r',
      at,
      by: 'amy',
    };
    expect(parseOverride('p', doc)).toEqual(doc);
  });

  it.each([
    [{ schemaVersion: 2, reason: 'r', at }, /unknown document version 2/],
    ['text', /unknown document version string/],
    [{ schemaVersion: 1, mode: 'off', reason: 'r', at }, /"off" is not a mode/],
    [{ schemaVersion: 1, policy: 'fast', reason: 'r', at }, /"fast" is not a preset/],
    [{ schemaVersion: 1, mode: 'manual', reason: 'r', at }, /manual mode without a manualTarget/],
    [{ schemaVersion: 1, mode: 'manual', manualTarget: -1, reason: 'r', at }, /manualTarget/],
    [{ schemaVersion: 1, reason: 'r', at: 'yesterday' }, /reason and at are required/],
  ])('refuses %j', (doc, message) => {
    expect(() => parseOverride('p', doc)).toThrow(StateError);
    expect(() => parseOverride('p', doc)).toThrow(message);
  });
});

describe('setOverride / clearOverride', () => {
  it('sets mode and policy separately, keeping the other part, and records each change with its reason', async () => {
    await setOverride(
      store,
      'linux',
      { kind: 'mode', mode: 'manual', manualTarget: 2 },
      meta('night shift', 2),
    );
    now += 1000;
    const o = await setOverride(
      store,
      'linux',
      { kind: 'policy', policy: 'conservative' },
      { ...meta('slow down'), by: 'amy' },
    );
    expect(o).toEqual({
      schemaVersion: 1,
      mode: 'manual',
      manualTarget: 2,
      policy: 'conservative',
      reason: 'slow down',
      at: new Date(now).toISOString(),
      by: 'amy',
    });
    expect(await readOverride(store, 'linux')).toEqual(o);
    const history = await store.listHistory('linux', 10);
    expect(history.map((h) => [h.kind, h.desired, h.reason])).toEqual([
      ['override', 2, 'override mode manual (target 2): night shift'],
      ['override', 0, 'override policy conservative: slow down (by amy)'],
    ]);
  });

  it('leaving manual mode drops the manual target', async () => {
    await setOverride(store, 'linux', { kind: 'mode', mode: 'manual', manualTarget: 2 }, meta('a'));
    const o = await setOverride(store, 'linux', { kind: 'mode', mode: 'disabled' }, meta('b'));
    expect(o.mode).toBe('disabled');
    expect(o.manualTarget).toBeUndefined();
  });

  it('refuses manual mode without a target', async () => {
    await expect(setOverride(store, 'linux', { kind: 'mode', mode: 'manual' }, meta('a'))).rejects.toThrow(
      /needs a target/,
    );
  });

  it('clears, records, and clearing nothing records nothing', async () => {
    await setOverride(store, 'linux', { kind: 'mode', mode: 'disabled' }, meta('incident'));
    const cleared = await clearOverride(store, 'linux', meta('resolved'));
    expect(cleared).toMatchObject({ cleared: true, previous: { mode: 'disabled', reason: 'incident' } });
    expect(await readOverride(store, 'linux')).toBeUndefined();
    expect(await clearOverride(store, 'linux', meta('again'))).toEqual({ cleared: false });
    const reasons = (await store.listHistory('linux', 10)).map((h) => h.reason);
    expect(reasons).toEqual([
      'override mode disabled: incident',
      'override cleared, back to the config: resolved',
    ]);
  });

  it('clears an unreadable override', async () => {
    await store.put(overrideKey('linux'), { schemaVersion: 9 }, 'any');
    expect(await clearOverride(store, 'linux', meta('fix'))).toEqual({ cleared: true });
  });

  it('two changes at once both land (compare-and-set retries)', async () => {
    await Promise.all([
      setOverride(store, 'linux', { kind: 'mode', mode: 'disabled' }, meta('a')),
      setOverride(store, 'linux', { kind: 'policy', policy: 'aggressive' }, meta('b')),
    ]);
    expect(await readOverride(store, 'linux')).toMatchObject({ mode: 'disabled', policy: 'aggressive' });
  });
});

describe('the engine applies the override', () => {
  it('on a full reconcile: disabled observes only, clearing goes back to the config', async () => {
    ci.queue('1');
    const e = engine();
    await setOverride(store, 'linux', { kind: 'mode', mode: 'disabled' }, meta('incident'));
    const off = await e.reconcile('linux');
    expect(off.decision?.reason).toMatch(/^disabled \(observe only\)/);
    expect(host.launched).toEqual([]);
    await clearOverride(store, 'linux', meta('resolved'));
    now += 1000;
    const on = await e.reconcile('linux');
    expect(on.decision?.reason).toMatch(/^scale up/);
    expect(host.launched.map((s) => s.name)).toEqual(['linux-1-1']);
  });

  it('on the fast path', async () => {
    await setOverride(store, 'linux', { kind: 'mode', mode: 'disabled' }, meta('incident'));
    const r = await engine().handleJobEvent({
      action: 'queued',
      job: { id: '5', state: 'queued', labels: ['linux'] },
    });
    expect(r.decision?.reason).toMatch(/^disabled/);
    expect(r.event?.job.id).toBe('5');
    expect(r.at).toBe(now);
    expect(host.launched).toEqual([]);
  });

  it('manual target below busy: busy is the floor and no busy worker is removed', async () => {
    ci.queue('1');
    ci.queue('2');
    const e = engine();
    await e.reconcile('linux');
    ci.start('linux-1-1', '1');
    ci.start('linux-2-1', '2');
    await setOverride(store, 'linux', { kind: 'mode', mode: 'manual', manualTarget: 0 }, meta('drain'));
    now += 60 * MIN;
    const r = await e.reconcile('linux');
    expect(r.decision?.desired).toBe(2);
    expect(r.outcomes.filter((o) => o.type === 'terminate')).toEqual([]);
    expect([...host.machines.keys()].sort()).toEqual(['linux-1-1', 'linux-2-1']);
  });

  it('manual target above demand launches up to the target', async () => {
    await setOverride(store, 'linux', { kind: 'mode', mode: 'manual', manualTarget: 3 }, meta('pre-warm'));
    const r = await engine({ max: 5 }).reconcile('linux');
    expect(r.decision?.desired).toBe(3);
    expect(host.launched).toHaveLength(3);
  });

  it('an unreadable override fails the reconcile rather than being ignored', async () => {
    await store.put(overrideKey('linux'), { schemaVersion: 9 }, 'any');
    await expect(engine().reconcile('linux')).rejects.toThrow(StateError);
  });
});

describe('overrides racing a clear', () => {
  it('a set that read before a clear + set retries on the new override, not over it (no ABA)', async () => {
    await setOverride(store, 'p', { kind: 'policy', policy: 'conservative' }, meta('first'));
    // A reads the override (version 1) and stalls before its write.
    let releaseA!: () => void;
    const gate = new Promise<void>((resolve) => (releaseA = resolve));
    let aRead!: () => void;
    const aHasRead = new Promise<void>((resolve) => (aRead = resolve));
    const slow = Object.create(store, {
      get: {
        value: async (key: string) => {
          const v = await store.get(key);
          if (key === overrideKey('p')) aRead();
          return v;
        },
      },
      put: {
        value: async (key: string, value: unknown, expected: number | 'any') => {
          await gate;
          return store.put(key, value, expected);
        },
      },
    }) as StateStore;
    const a = setOverride(slow, 'p', { kind: 'mode', mode: 'manual', manualTarget: 3 }, meta('A'));
    await aHasRead;
    // B clears it and C sets another policy: with versions restarting, C's is version 1 again.
    await clearOverride(store, 'p', meta('B'));
    await setOverride(store, 'p', { kind: 'policy', policy: 'aggressive' }, meta('C'));
    releaseA();
    await a;
    const final = await readOverride(store, 'p');
    expect(final?.policy).toBe('aggressive');
    expect(final?.mode).toBe('manual');
  });
});
