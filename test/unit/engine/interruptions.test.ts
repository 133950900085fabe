import { beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/engine/engine.js';
import { readPoolDoc } from '../../../src/engine/pool-doc.js';
import { RERUN_MAX_TRIES } from '../../../src/engine/reruns.js';
import { createMemoryStore } from '../../../src/state/memory/memory-store.js';
import type { StateStore } from '../../../src/state/store.js';
import { silentLogger } from '../../../src/telemetry/logger.js';
import { FakeCi, FakeHost } from '../../fakes/memory-ci.js';
import { MIN, policy, T0 } from '../core/builders.js';

let now: number;
let ci: FakeCi;
let host: FakeHost;
let store: StateStore;

function engine(): Engine {
  const pol = policy({ name: 'linux', labels: ['self-hosted', 'linux'] });
  return new Engine({
    pools: [{ policy: pol, source: ci, provider: host }],
    store,
    clock: () => now,
    owner: 't',
    logger: silentLogger,
  });
}

/** A job launched for, taken by its runner and running: the state a spot warning meets. */
async function running(e: Engine, id: string): Promise<string> {
  ci.queue(id, ['self-hosted', 'linux']);
  await e.reconcile('linux');
  const name = `linux-${id}-1`;
  ci.start(name, id);
  await e.reconcile('linux');
  return name;
}

beforeEach(() => {
  now = T0;
  ci = new FakeCi();
  host = new FakeHost(() => now);
  store = createMemoryStore({ clock: () => now });
});

describe('spot interruptions', () => {
  it('a reconcile that finds an interrupted machine re-runs the job that ran on it, once the CI system accepts', async () => {
    const e = engine();
    const worker = await running(e, '7');
    host.interrupt(worker);
    ci.rerunRefusals = 1;
    now += MIN;
    const first = await e.reconcile('linux');
    expect(first.outcomes.filter((o) => o.type === 'rerun')).toMatchObject([
      { target: worker, jobId: '7', result: 'skipped', detail: 'the run is still in progress' },
    ]);
    // GitHub fails the lost runner's job and the run ends; the runner's registration goes.
    ci.complete('7');
    now += MIN;
    const second = await e.reconcile('linux');
    expect(second.outcomes.filter((o) => o.type === 'rerun')).toMatchObject([{ jobId: '7', result: 'ok' }]);
    now += MIN;
    const third = await e.reconcile('linux');
    expect(third.outcomes.filter((o) => o.type === 'rerun')).toEqual([]);
    expect(ci.reran).toEqual(['7']);
    const history = await store.listHistory('linux', 10);
    expect(history.flatMap((h) => h.actions.filter((a) => a.type === 'rerun').map((a) => a.result))).toEqual([
      'skipped',
      'ok',
    ]);
  });

  it('an idle interrupted machine had no job to lose: nothing is re-run', async () => {
    const e = engine();
    ci.queue('8', ['self-hosted', 'linux']);
    await e.reconcile('linux');
    ci.connect('linux-8-1');
    host.interrupt('linux-8-1');
    const r = await e.reconcile('linux');
    expect(r.outcomes.filter((o) => o.type === 'rerun')).toEqual([]);
    expect(ci.calls.filter((c) => c.startsWith('rerun'))).toEqual([]);
  });

  it('a warning event notes the job of the machine it names; the next reconcile asks for the re-run', async () => {
    const e = engine();
    const worker = await running(e, '9');
    const machine = host.machines.get(worker);
    if (machine?.externalId === undefined) throw new Error('no machine');
    expect(await e.noteInterruption(machine.externalId)).toEqual({ pool: 'linux', worker, jobId: '9' });
    expect(await e.noteInterruption('i-0000ffff')).toBeUndefined();
    expect((await readPoolDoc(store, 'linux')).reruns).toMatchObject({ '9': { worker, tries: 0 } });
    await e.reconcile('linux');
    expect(ci.reran).toEqual(['9']);
  });

  it('gives up after a bounded number of tries and does not start over while the machine is listed', async () => {
    const e = engine();
    const worker = await running(e, '10');
    host.interrupt(worker);
    ci.rerunRefusals = 1_000;
    for (let i = 0; i < RERUN_MAX_TRIES + 5; i++) {
      now += MIN;
      await e.reconcile('linux');
    }
    expect(ci.calls.filter((c) => c === 'rerun 10')).toHaveLength(RERUN_MAX_TRIES);
  });
});
