/** The real TFC source against the fake TFC API over HTTP: demand, agents, kinds, the Source contract. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countDemand } from '../../../src/core/demand.js';
import { ProviderError } from '../../../src/core/errors.js';
import type { Job } from '../../../src/core/types.js';
import { createSource } from '../../../src/sources/registry.js';
import { silentLogger } from '../../../src/telemetry/logger.js';
import { policy } from '../../unit/core/builders.js';
import { tfcHarness, type Harness } from './harness.js';

const pool = policy({ name: 'tfc', capacity: 'replica' });
let h: Harness;

beforeEach(async () => {
  h = await tfcHarness();
});
afterEach(() => h.stop());

const demand = (jobs: readonly Job[]) => countDemand(jobs, pool, new Set());
const byId = (jobs: readonly Job[]) => new Map(jobs.map((j) => [j.id, j]));

describe('TFC source: demand from runs', () => {
  it('3 workspaces, 2 with a second run pending behind the first: 3 runnable jobs, demand 3, not 5', async () => {
    const [a, b, c] = h.tfc.createWorkspaces('acme', 3, h.poolId);
    const first = [a, b, c].map((ws) => h.tfc.queueRun(ws?.id ?? ''));
    const pending = [a, b].map((ws) => h.tfc.queueRun(ws?.id ?? ''));
    const snap = await h.source().snapshot(pool);
    const jobs = byId(snap.jobs);
    expect(snap.jobs).toHaveLength(5);
    for (const [i, run] of first.entries()) {
      expect(jobs.get(run.id)).toEqual({
        id: run.id,
        state: 'queued',
        labels: [],
        kind: 'plan',
        group: [a, b, c][i]?.id,
        queuedAt: h.now(),
      });
    }
    for (const run of pending)
      expect(jobs.get(run.id)).toMatchObject({ state: 'waiting', group: run.workspaceId });
    expect(demand(snap.jobs)).toMatchObject({ needed: 3, held: 2 });
    expect(
      demand(snap.jobs)
        .queued.map((j) => j.id)
        .sort(),
    ).toEqual(first.map((r) => r.id).sort());
  });

  it('a run awaiting approval adds no demand until it is approved', async () => {
    const ws = h.tfc.createWorkspace('acme', 'net', h.poolId);
    h.tfc.addAgent(h.poolId, { name: 'agent-1' });
    const run = h.tfc.queueRun(ws.id, { needsApproval: true });
    h.tfc.takeRun('agent-1');
    h.tfc.finishRun('agent-1', run.id);
    const source = h.source({}, { runsCacheMs: 0 });
    const waiting = await source.snapshot(pool);
    expect(waiting.jobs).toEqual([expect.objectContaining({ id: run.id, state: 'waiting', kind: 'apply' })]);
    expect(demand(waiting.jobs).needed).toBe(0);
    h.tfc.approve(run.id);
    const approved = await source.snapshot(pool);
    expect(approved.jobs).toEqual([expect.objectContaining({ id: run.id, state: 'queued', kind: 'apply' })]);
    expect(demand(approved.jobs).needed).toBe(1);
  });

  it('speculative plans count one each, beside the workspace run they do not wait for', async () => {
    const ws = h.tfc.createWorkspace('acme', 'app', h.poolId);
    const normal = h.tfc.queueRun(ws.id);
    const specs = [1, 2, 3].map(() => h.tfc.queueRun(ws.id, { speculative: true }));
    const snap = await h.source().snapshot(pool);
    expect(snap.jobs.map((j) => j.id).sort()).toEqual([normal.id, ...specs.map((s) => s.id)].sort());
    for (const s of specs) expect(byId(snap.jobs).get(s.id)).not.toHaveProperty('group');
    expect(demand(snap.jobs).needed).toBe(4);
    // The listing leaves plan_only runs out unless asked: the source asks for every operation.
    const runsQuery = h.tfc.requests.find((r) => r.path.endsWith('/runs'))?.query ?? '';
    expect(runsQuery).toContain('filter[operation]=plan_only,plan_and_apply');
    expect(runsQuery).toContain('filter[agent_pool_names]=linux-agents');
    expect(runsQuery).toContain('filter[status_group]=non_final');
  });

  it('kinds and states follow the run status; final runs are gone', async () => {
    const wss = h.tfc.createWorkspaces('acme', 6, h.poolId);
    const statuses = ['planning', 'apply_queued', 'applying', 'policy_checking', 'cost_estimated', 'applied'];
    const runs = statuses.map((status, i) => {
      const run = h.tfc.queueRun(wss[i]?.id ?? '');
      h.tfc.setRunStatus(run.id, status);
      return run;
    });
    const jobs = byId((await h.source().snapshot(pool)).jobs);
    const seen = runs.map((r) => {
      const j = jobs.get(r.id);
      return j === undefined ? 'gone' : `${j.state}/${j.kind ?? ''}`;
    });
    expect(seen).toEqual([
      'running/plan',
      'queued/apply',
      'running/apply',
      'running/policy',
      'waiting/apply',
      'gone',
    ]);
  });

  it('a status the source does not know holds a slot as running, with a warning', async () => {
    const run = h.tfc.queueRun(h.tfc.createWorkspace('acme', 'net', h.poolId).id);
    h.tfc.setRunStatus(run.id, 'quantum_planning');
    const snap = await h.source().snapshot(pool);
    expect(snap.jobs).toMatchObject([{ id: run.id, state: 'running' }]);
    expect(demand(snap.jobs).needed).toBe(1);
    expect(h.logger.records.map((r) => r.message)).toContain(
      `TFC run ${run.id} has a status ci-scaler does not know; counted as running`,
    );
  });

  it("runs of workspaces in another agent pool are not this pool's demand", async () => {
    const other = h.tfc.createPool('acme', 'windows-agents');
    h.tfc.queueRun(h.tfc.createWorkspace('acme', 'win', other.id).id);
    const mine = h.tfc.queueRun(h.tfc.createWorkspace('acme', 'lin', h.poolId).id);
    expect((await h.source().snapshot(pool)).jobs.map((j) => j.id)).toEqual([mine.id]);
  });
});

describe('TFC source: agents', () => {
  it('busy and unknown agents are busy, errored ones offline, exited ones gone; ip-address kept', async () => {
    h.tfc.addAgent(h.poolId, { name: 'idle-1', status: 'idle', ip: '10.1.0.1' });
    h.tfc.addAgent(h.poolId, { name: 'busy-1', status: 'busy', ip: '10.1.0.2' });
    h.tfc.addAgent(h.poolId, { name: 'lost-1', status: 'unknown', ip: '10.1.0.3' });
    h.tfc.addAgent(h.poolId, { name: 'err-1', status: 'errored', ip: '10.1.0.4' });
    h.tfc.addAgent(h.poolId, { name: 'gone-1', status: 'exited', ip: '10.1.0.5' });
    const { registrations } = await h.source().snapshot(pool);
    expect([...registrations].sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { name: 'busy-1', online: true, busy: true, ip: '10.1.0.2' },
      { name: 'err-1', online: false, busy: false, ip: '10.1.0.4' },
      { name: 'idle-1', online: true, busy: false, ip: '10.1.0.1' },
      { name: 'lost-1', online: true, busy: true, ip: '10.1.0.3' },
    ]);
  });

  it('an agent that takes a run turns busy, and idle again when it finishes', async () => {
    const ws = h.tfc.createWorkspace('acme', 'net', h.poolId);
    h.tfc.addAgent(h.poolId, { name: 'agent-1' });
    const run = h.tfc.queueRun(ws.id);
    const source = h.source({}, { runsCacheMs: 0 });
    h.tfc.takeRun('agent-1');
    const during = await source.snapshot(pool);
    expect(during.registrations).toMatchObject([{ name: 'agent-1', busy: true }]);
    expect(during.jobs).toMatchObject([{ id: run.id, state: 'running', kind: 'plan' }]);
    h.tfc.finishRun('agent-1', run.id);
    const after = await source.snapshot(pool);
    expect(after.registrations).toMatchObject([{ name: 'agent-1', busy: false }]);
    expect(after.jobs).toMatchObject([{ id: run.id, state: 'queued', kind: 'apply' }]);
  });

  it('deregister: busy while the agent of that name is busy or unknown, absent otherwise', async () => {
    h.tfc.addAgent(h.poolId, { name: 'busy-1', status: 'busy' });
    h.tfc.addAgent(h.poolId, { name: 'lost-1', status: 'unknown' });
    h.tfc.addAgent(h.poolId, { name: 'idle-1', status: 'idle' });
    const source = h.source();
    expect(await source.deregister(pool, 'busy-1')).toBe('busy');
    expect(await source.deregister(pool, 'lost-1')).toBe('busy');
    expect(await source.deregister(pool, 'idle-1')).toBe('absent');
    expect(await source.deregister(pool, 'never-was')).toBe('absent');
  });

  it('register refuses: TFC agents register themselves (501, not retryable)', async () => {
    const err = await h
      .source()
      .register(pool, { name: 'tfc-1', attempt: 1 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ status: 501, retryable: false });
    expect(String(err)).toMatch(/register themselves.*TFC_AGENT_TOKEN/);
  });
});

describe('TFC source: module, scope, doctor', () => {
  it('pools of one scope share a client through the registry: one pool lookup, one runs cache', async () => {
    const deps = { logger: silentLogger, env: {}, shared: new Map<string, unknown>() };
    const a = await createSource(h.config(), deps, 'pools[0].source');
    const b = await createSource(h.config({ address: `${h.tfc.url}/` }), deps, 'pools[1].source');
    expect(a.scope).toBe(`tfc:${h.tfc.url}/acme/linux-agents`);
    expect(b.scope).toBe(a.scope);
    expect((await a.snapshot(pool)).apiCalls).toBe(3);
    // Same client, pool known, runs cached a moment ago: only the agents are read.
    expect((await b.snapshot(pool)).apiCalls).toBe(1);
    expect(deps.shared.size).toBe(1);
  });

  it("pools of one scope with different tokens keep their own clients: none calls with another's token", async () => {
    const deps = { logger: silentLogger, env: {}, shared: new Map<string, unknown>() };
    const good = await createSource(h.config(), deps, 'pools[0].source');
    const other = await createSource(h.config({ token: 'wrong' }), deps, 'pools[1].source');
    expect(other.scope).toBe(good.scope);
    expect((await good.snapshot(pool)).apiCalls).toBe(3);
    // On the first pool's client this would succeed with the first pool's token.
    await expect(other.snapshot(pool)).rejects.toThrow(/rejected|401|unauthori[sz]ed/i);
    expect(deps.shared.size).toBe(2);
  });

  it('doctor: token, pool and runs all pass on a good setup', async () => {
    h.tfc.createWorkspace('acme', 'net', h.poolId);
    const checks = (await h.source().doctor()).map((c) => [c.name, c.ok, c.detail]);
    expect(checks).toEqual([
      ['TFC: token and organization', true, 'token accepted; organization acme readable'],
      ['TFC: agent pool', true, `agent pool "linux-agents" (${h.poolId}): 0 agents, 1 workspaces`],
      ['TFC: read runs', true, '0 active runs, read through the organization runs listing'],
    ]);
  });

  it('doctor: a wrong token fails every check with the reason and a fix', async () => {
    const checks = await h.source({ token: 'wrong' }).doctor();
    expect(checks.map((c) => c.ok)).toEqual([false, false, false]);
    expect(checks[0]?.detail).toMatch(/TFC token rejected/);
    expect(checks[0]?.fix).toMatch(/API token/);
  });
});
