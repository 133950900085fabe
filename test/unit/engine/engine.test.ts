import { beforeEach, describe, expect, it } from 'vitest';
import type { Job } from '../../../src/core/types.js';
import { Engine } from '../../../src/engine/engine.js';
import { claimKey, readPoolDoc } from '../../../src/engine/pool-doc.js';
import { createMemoryStore } from '../../../src/state/memory/memory-store.js';
import type { StateStore } from '../../../src/state/store.js';
import { jsonLogger } from '../../../src/telemetry/logger.js';
import { FakeCi, FakeHost } from '../../fakes/memory-ci.js';
import { policy, T0 } from '../core/builders.js';

let now: number;
let ci: FakeCi;
let host: FakeHost;
let store: StateStore;
let logs: string[];
let masked: string[];

function engine(
  overrides: Parameters<typeof policy>[0] = {},
  owner = 'test',
  secrets: readonly string[] = [],
): Engine {
  const pol = policy({ name: 'linux', labels: ['self-hosted', 'linux'], ...overrides });
  return new Engine({
    pools: [{ policy: pol, source: ci, provider: host }],
    store,
    clock: () => now,
    owner,
    secrets,
    maskSecret: (s) => masked.push(s),
    logger: jsonLogger({ write: (l) => logs.push(l), secrets: () => masked }),
  });
}

beforeEach(() => {
  now = T0;
  ci = new FakeCi();
  host = new FakeHost(() => now);
  store = createMemoryStore({ clock: () => now });
  logs = [];
  masked = [];
});

describe('Engine.reconcile', () => {
  it('observes, launches one worker per queued job with its own JIT config, and records', async () => {
    ci.queue('101');
    ci.queue('102');
    const r = await engine().reconcile('linux');
    expect(r.result).toBe('ok');
    expect(host.launched.map((s) => s.name).sort()).toEqual(['linux-101-1', 'linux-102-1']);
    const jit = host.launched.map((s) => s.env.ACTIONS_RUNNER_INPUT_JITCONFIG);
    expect(new Set(jit).size).toBe(2);
    expect(masked).toEqual(expect.arrayContaining(jit));
    expect(logs.join('\n')).not.toMatch(/jit-secret/);
    const doc = await readPoolDoc(store, 'linux');
    expect(doc.memory.attempts).toEqual({ '101': 1, '102': 1 });
    const history = await store.listHistory('linux', 10);
    expect(history).toHaveLength(1);
    expect(history[0]?.actions.map((a) => a.result)).toEqual(['ok', 'ok']);
  });

  it('a launch error that quotes the JIT config keeps it out of the outcome and the history', async () => {
    ci.queue('5');
    // A provider refusing its input may quote it back, as Docker does for an env entry.
    host.launch = (spec) =>
      Promise.reject(
        new Error(`invalid env ACTIONS_RUNNER_INPUT_JITCONFIG=${spec.env.ACTIONS_RUNNER_INPUT_JITCONFIG}`),
      );
    const r = await engine().reconcile('linux');
    const outcome = r.outcomes[0];
    expect(outcome?.result).toBe('failed');
    expect(outcome?.detail).toBe('invalid env ACTIONS_RUNNER_INPUT_JITCONFIG=***; registration withdrawn');
    // The registration of the failed launch goes: left, it would count as booting until bootTimeout.
    expect(ci.calls).toContain('deregister linux-5-1');
    const history = await store.listHistory('linux', 10);
    expect(JSON.stringify(history)).not.toMatch(/jit-secret/);
    expect(JSON.stringify(history)).toMatch(/JITCONFIG=\*\*\*/);
    expect(logs.join('\n')).not.toMatch(/jit-secret/);
  });

  it('a failure that quotes a config secret keeps it out of the outcome and the history, also on the fast path', async () => {
    // An agent's token sits in the provider's env, which Docker quotes back when it refuses an entry.
    host.launch = () => Promise.reject(new Error('invalid env TFC_AGENT_TOKEN=agent-tok-1'));
    ci.queue('7');
    const r = await engine({}, 'test', ['agent-tok-1']).reconcile('linux');
    expect(r.outcomes[0]?.detail).toBe('invalid env TFC_AGENT_TOKEN=***; registration withdrawn');
    const job = ci.queue('8', ['self-hosted', 'linux'], { queuedAt: now });
    const event = await engine({}, 'test', ['agent-tok-1']).handleJobEvent({ action: 'queued', job });
    expect(JSON.stringify(event)).toMatch(/TFC_AGENT_TOKEN=\*\*\*/);
    const history = JSON.stringify(await store.listHistory('linux', 10));
    expect(history).toMatch(/TFC_AGENT_TOKEN=\*\*\*/);
    expect(`${history}${JSON.stringify(event)}`).not.toMatch(/agent-tok-1/);
  });

  it('a launch whose claim went to another process withdraws the registration it made meanwhile', async () => {
    ci.queue('9');
    // Another process claimed the name first; this one's registration still went through.
    await store.put(claimKey('linux', 'linux-9-1'), { jobId: '9', at: 'elsewhere' }, 0);
    const r = await engine().reconcile('linux');
    expect(r.outcomes[0]).toMatchObject({
      result: 'skipped',
      detail: 'already claimed by another launch; registration withdrawn',
    });
    expect(ci.calls).toContain('deregister linux-9-1');
    expect(host.launched).toEqual([]);
  });

  it('a launch whose claim cannot be written fails and withdraws its registration', async () => {
    ci.queue('10');
    const put = store.put.bind(store);
    store.put = (key, value, version) =>
      key.includes('claim') ? Promise.reject(new Error('store unavailable')) : put(key, value, version);
    const r = await engine().reconcile('linux');
    expect(r.outcomes[0]).toMatchObject({
      result: 'failed',
      detail: 'claiming the name failed: store unavailable; registration withdrawn',
    });
    expect(ci.calls).toContain('deregister linux-10-1');
    expect(host.launched).toEqual([]);
  });

  it('a failed launch whose registration cannot be withdrawn says so, and stays a failure', async () => {
    ci.queue('6');
    host.launch = () => Promise.reject(new Error('no capacity'));
    ci.deregister = () => Promise.reject(new Error('GitHub answered 502'));
    const r = await engine().reconcile('linux');
    expect(r.outcomes.map((o) => [o.result, o.detail])).toEqual([
      [
        'failed',
        'no capacity; withdrawing its registration failed too (GitHub answered 502): it counts as booting until bootTimeout',
      ],
    ]);
  });

  it('dry-run decides without acting or recording', async () => {
    ci.queue('1');
    const r = await engine().reconcile('linux', { dryRun: true });
    expect(r.result).toBe('dry-run');
    expect(r.decision?.actions[0]?.type).toBe('launch');
    expect(host.launched).toEqual([]);
    expect(await store.listHistory('linux', 10)).toEqual([]);
  });

  it('a second reconcile launches nothing more for the same jobs', async () => {
    ci.queue('1');
    const e = engine();
    await e.reconcile('linux');
    now += 5_000;
    await e.reconcile('linux');
    expect(host.launched).toHaveLength(1);
  });

  it('a crashed worker is removed and its job gets a new one under the next attempt', async () => {
    ci.queue('7');
    const e = engine();
    await e.reconcile('linux');
    host.crash('linux-7-1');
    now += 5_000;
    const r = await e.reconcile('linux');
    expect(host.terminated).toEqual(['linux-7-1']);
    expect(host.launched.map((s) => s.name)).toEqual(['linux-7-1', 'linux-7-2']);
    expect(r.outcomes.map((o) => `${o.type}:${o.result}`)).toEqual(['terminate:ok', 'launch:ok']);
  });

  it('one failing action does not stop the others, and the result says partial', async () => {
    ci.queue('1');
    ci.queue('2');
    ci.failRegister = true;
    const r = await engine().reconcile('linux');
    expect(r.result).toBe('partial');
    expect(r.outcomes.map((o) => o.result)).toEqual(['failed', 'failed']);
    const history = await store.listHistory('linux', 10);
    expect(history[0]?.actions[0]?.detail).toContain('registration refused');
  });

  it('never removes a busy runner: the deregistration answers busy and the removal is aborted', async () => {
    ci.queue('1');
    const e = engine({ min: 0 });
    await e.reconcile('linux');
    ci.start('linux-1-1', '1');
    // The job is done as far as the list says, but the runner still reports busy.
    ci.jobs.clear();
    now += 60 * 60_000;
    const r = await e.reconcile('linux');
    expect(r.outcomes).toEqual([]);
    expect(host.machines.has('linux-1-1')).toBe(true);
  });

  it('skips when another owner holds the pool lock', async () => {
    await store.lock('pool/linux', 'someone-else', 60_000);
    const r = await engine().reconcile('linux');
    expect(r.result).toBe('locked');
    expect(ci.calls).toEqual([]);
  });

  it('reports queued jobs that match no pool', async () => {
    ci.queue('9', ['gpu']);
    const r = await engine().reconcile('linux');
    expect(r.unmatched).toEqual(['9']);
    expect(host.launched).toEqual([]);
  });

  it('throws for an unknown pool name', async () => {
    await expect(engine().reconcile('nope')).rejects.toThrow('unknown pool "nope"');
  });
});

describe('Engine.handleJobEvent (fast path)', () => {
  const queued = (id: string): { action: 'queued'; job: Job } => ({
    action: 'queued',
    job: { id, state: 'queued', labels: ['linux'] },
  });

  it('launches for a queued event at once, without listing', async () => {
    const r = await engine().handleJobEvent(queued('55'));
    expect(r.pool).toBe('linux');
    expect(host.launched.map((s) => s.name)).toEqual(['linux-55-1']);
    expect(ci.calls).toEqual(['register linux-55-1']);
  });

  it('duplicate queued events launch once, also from two engines on one store', async () => {
    const a = engine({}, 'a');
    const b = engine({}, 'b');
    await Promise.all([
      a.handleJobEvent(queued('5')),
      b.handleJobEvent(queued('5')),
      a.handleJobEvent(queued('5')),
    ]);
    await a.handleJobEvent(queued('5'));
    expect(host.launched.map((s) => s.name)).toEqual(['linux-5-1']);
  });

  it('respects max using the stored picture of the pool', async () => {
    const e = engine({ max: 2 });
    for (const id of ['1', '2', '3', '4']) await e.handleJobEvent(queued(id));
    expect(host.launched).toHaveLength(2);
  });

  it('in_progress marks the runner busy; completed removes it in the safe order', async () => {
    const e = engine();
    ci.queue('8');
    await e.handleJobEvent(queued('8'));
    ci.start('linux-8-1', '8');
    await e.handleJobEvent({
      action: 'in_progress',
      job: { id: '8', state: 'running', labels: ['linux'] },
      runnerName: 'linux-8-1',
    });
    expect((await readPoolDoc(store, 'linux')).workers).toMatchObject([
      { id: 'linux-8-1', state: 'busy', jobId: '8' },
    ]);
    const early = await e.handleJobEvent({
      action: 'completed',
      job: { id: '8', state: 'running', labels: ['linux'] },
      runnerName: 'linux-8-1',
    });
    expect(early.outcomes[0]).toMatchObject({ result: 'skipped', detail: 'runner is busy: removal aborted' });
    ci.complete('8');
    const done = await e.handleJobEvent({
      action: 'completed',
      job: { id: '8', state: 'running', labels: ['linux'] },
      runnerName: 'linux-8-1',
    });
    expect(done.outcomes[0]).toMatchObject({ result: 'ok' });
    expect(host.machines.size).toBe(0);
    expect((await readPoolDoc(store, 'linux')).workers).toEqual([]);
  });

  it('ignores runners of other pools and jobs that match no pool', async () => {
    const e = engine();
    const other = await e.handleJobEvent({
      action: 'completed',
      job: { id: '1', state: 'running', labels: ['linux'] },
      runnerName: 'someone-else-1',
    });
    expect(other.outcomes).toEqual([]);
    const none = await e.handleJobEvent({
      action: 'queued',
      job: { id: '2', state: 'queued', labels: ['windows'] },
    });
    expect(none.note).toContain('matches no pool');
  });

  it('a later full reconcile reaches the same state when events were lost', async () => {
    const e = engine();
    ci.queue('1');
    await e.handleJobEvent(queued('1'));
    ci.start('linux-1-1', '1');
    ci.complete('1'); // the completed event is lost
    host.crash('linux-1-1'); // the ephemeral runner exits after its job
    now += 10_000;
    await e.reconcile('linux');
    expect(host.machines.size).toBe(0);
    expect(host.launched).toHaveLength(1);
  });
});

describe('launches in flight elsewhere', () => {
  it('a registration whose machine does not exist yet is booting while its claim is young, failed after bootTimeout', async () => {
    const e = engine({ bootTimeoutMs: 60_000 });
    ci.queue('3');
    // Another process claimed and registered, but has not created the machine yet.
    await store.put('claim/linux/linux-3-1', { jobId: '3', at: new Date(now).toISOString() }, 0);
    ci.registrations.set('linux-3-1', { name: 'linux-3-1', online: false, busy: false });
    await readPoolDoc(store, 'linux');
    const young = await e.reconcile('linux');
    expect(young.observation?.workers).toEqual([{ id: 'linux-3-1', state: 'booting', createdAt: now }]);
    expect(young.outcomes).toEqual([]);
    now += 61_000;
    const old = await e.reconcile('linux');
    expect(old.outcomes.map((o) => `${o.type} ${o.target} ${o.result}`)).toEqual([
      'terminate linux-3-1 ok',
      'launch linux-3-2 ok',
    ]);
  });

  it('a registration with no machine and no claim is booting from when first seen, removed after bootTimeout', async () => {
    ci.registrations.set('linux-9-1', { name: 'linux-9-1', online: false, busy: false });
    const e = engine({ bootTimeoutMs: 60_000 });
    const first = await e.reconcile('linux');
    expect(first.observation?.workers).toEqual([{ id: 'linux-9-1', state: 'booting', createdAt: now }]);
    expect(first.outcomes).toEqual([]);
    expect((await readPoolDoc(store, 'linux')).orphans).toEqual({ 'linux-9-1': new Date(now).toISOString() });
    now += 30_000;
    expect((await e.reconcile('linux')).outcomes).toEqual([]);
    now += 31_000;
    const late = await e.reconcile('linux');
    expect(late.outcomes).toMatchObject([{ type: 'terminate', target: 'linux-9-1', result: 'ok' }]);
    expect(ci.registrations.size).toBe(0);
    await e.reconcile('linux');
    expect((await readPoolDoc(store, 'linux')).orphans).toEqual({});
  });
});

describe('claims', () => {
  it('every launch is claimed in the store, and old claims are forgotten by a later reconcile', async () => {
    const e = engine();
    ci.queue('1');
    await e.reconcile('linux');
    expect(await store.get('claim/linux/linux-1-1')).toMatchObject({ version: 1, value: { jobId: '1' } });
    expect((await readPoolDoc(store, 'linux')).claimsByMinute.flatMap((m) => m.names)).toEqual(['linux-1-1']);
    now += 25 * 3_600_000;
    await e.reconcile('linux');
    await e.reconcile('linux');
    expect(await store.get('claim/linux/linux-1-1')).toBeUndefined();
    // The first worker timed out at boot long ago and was replaced: only the new claim is left.
    expect((await readPoolDoc(store, 'linux')).claimsByMinute.flatMap((m) => m.names)).toEqual(['linux-1-2']);
  });
});

describe('concurrent fast-path events on one pool', () => {
  it('twenty queued events at once all launch and all are recorded', async () => {
    const e = engine({ max: 50 });
    const ids = Array.from({ length: 20 }, (_, i) => `c${i}`);
    const results = await Promise.all(
      ids.map((id) =>
        e.handleJobEvent({ action: 'queued', job: { id, state: 'queued', labels: ['linux'] } }),
      ),
    );
    expect(results.flatMap((r) => r.outcomes.map((o) => o.result))).toEqual(ids.map(() => 'ok'));
    const doc = await readPoolDoc(store, 'linux');
    expect(Object.keys(doc.memory.attempts ?? {}).sort()).toEqual([...ids].sort());
  });
});
