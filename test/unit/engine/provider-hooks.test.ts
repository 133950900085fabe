import { describe, expect, it } from 'vitest';
import { Engine } from '../../../src/engine/engine.js';
import { providerMemoKey, storeMemo } from '../../../src/engine/provider-memo.js';
import type { LaunchSpec } from '../../../src/providers/provider.js';
import { createMemoryStore } from '../../../src/state/memory/memory-store.js';
import { silentLogger } from '../../../src/telemetry/logger.js';
import { FakeCi, FakeHost } from '../../fakes/memory-ci.js';
import { policy, T0 } from '../core/builders.js';

/** A host that refuses some labels the way EC2 refuses `cpu=abc`. */
class PickyHost extends FakeHost {
  checkLaunch(spec: LaunchSpec): string | undefined {
    const bad = spec.labels?.find((l) => l.startsWith('cpu=') && !/^cpu=\d+$/.test(l));
    return bad === undefined ? undefined : `label "${bad}": cpu must be a whole number of vCPUs`;
  }
}

describe('provider hooks in the engine', () => {
  it('a launch the provider refuses up front is a failed outcome for that job, with nothing registered', async () => {
    const ci = new FakeCi();
    const host = new PickyHost(() => T0);
    const store = createMemoryStore({ clock: () => T0 });
    const pol = policy({ name: 'linux', labels: ['self-hosted', 'linux', 'cpu=4', 'cpu=abc'] });
    const engine = new Engine({
      pools: [{ policy: pol, source: ci, provider: host }],
      store,
      clock: () => T0,
      owner: 't',
      logger: silentLogger,
    });
    ci.queue('1', ['self-hosted', 'cpu=abc']);
    ci.queue('2', ['self-hosted', 'cpu=4']);
    const r = await engine.reconcile('linux');
    expect(r.outcomes.map((o) => [o.jobId, o.result, o.detail])).toEqual([
      ['1', 'failed', 'label "cpu=abc": cpu must be a whole number of vCPUs'],
      ['2', 'ok', 'launched'],
    ]);
    expect(ci.calls.filter((c) => c.startsWith('register'))).toEqual(['register linux-2-1']);
    expect(host.launched.map((s) => [s.name, s.labels])).toEqual([['linux-2-1', ['self-hosted', 'cpu=4']]]);
  });

  it('the provider memo keeps every update of two writers racing on one store', async () => {
    const store = createMemoryStore({ clock: () => T0 });
    const [a, b] = [storeMemo(store, 'linux'), storeMemo(store, 'linux')];
    const bump = (m: typeof a) =>
      m.update('circuits', (v) => ({ n: ((v as { n?: number } | undefined)?.n ?? 0) + 1 }));
    await Promise.all([bump(a), bump(b), bump(a), bump(b)]);
    expect(await a.get('circuits')).toEqual({ n: 4 });
    expect((await store.get(providerMemoKey('linux', 'circuits')))?.version).toBe(4);
    expect(await storeMemo(store, 'other').get('circuits')).toBeUndefined();
  });
});
