/** The fake TFC's status flows, so the source tests can trust them. */
import { describe, expect, it } from 'vitest';
import { FakeTfc } from '../../../fakes/tfc/index.js';

function fake() {
  const tfc = new FakeTfc({ tokens: ['t'], organizations: ['acme'] });
  const pool = tfc.createPool('acme', 'agents');
  tfc.addAgent(pool.id, { name: 'a1' });
  return { tfc, pool, ws: tfc.createWorkspace('acme', 'net', pool.id) };
}

describe('fake TFC run flows', () => {
  it('a normal run: plan_queued, planning, apply_queued, applying, applied; the next pending run starts then', () => {
    const { tfc, ws } = fake();
    const first = tfc.queueRun(ws.id);
    const second = tfc.queueRun(ws.id);
    expect([first.status, second.status]).toEqual(['plan_queued', 'pending']);
    expect(tfc.takeRun('a1')).toEqual({ runId: first.id, phase: 'plan' });
    expect(tfc.agentNamed('a1')?.status).toBe('busy');
    expect(tfc.takeRun('a1')).toBeUndefined();
    tfc.finishRun('a1', first.id);
    expect(tfc.takeRun('a1')).toEqual({ runId: first.id, phase: 'apply' });
    tfc.finishRun('a1', first.id);
    expect(tfc.run(first.id).history).toEqual([
      'pending',
      'plan_queued',
      'planning',
      'apply_queued',
      'applying',
      'applied',
    ]);
    expect(tfc.run(second.id).status).toBe('plan_queued');
    expect(tfc.agentNamed('a1')?.status).toBe('idle');
  });

  it('a run needing approval waits at planned, holding back the next run; approve queues its apply', () => {
    const { tfc, ws } = fake();
    const run = tfc.queueRun(ws.id, { needsApproval: true });
    const behind = tfc.queueRun(ws.id);
    tfc.takeRun('a1');
    tfc.finishRun('a1', run.id);
    expect(tfc.run(run.id).status).toBe('planned');
    expect(tfc.takeRun('a1')).toBeUndefined();
    expect(tfc.run(behind.id).status).toBe('pending');
    tfc.approve(run.id);
    expect(tfc.run(run.id).status).toBe('apply_queued');
    expect(() => {
      tfc.approve(run.id);
    }).toThrow(/not paused for confirmation/);
  });

  it('discarding a run waiting for approval lets the next run of the workspace start', () => {
    const { tfc, ws } = fake();
    const run = tfc.queueRun(ws.id, { needsApproval: true });
    const behind = tfc.queueRun(ws.id);
    tfc.takeRun('a1');
    tfc.finishRun('a1', run.id);
    tfc.discard(run.id);
    expect(tfc.run(behind.id).status).toBe('plan_queued');
  });

  it('speculative runs plan beside the active run and finish as planned_and_finished', () => {
    const { tfc, ws } = fake();
    tfc.queueRun(ws.id);
    const spec = tfc.queueRun(ws.id, { speculative: true });
    expect(spec.status).toBe('plan_queued');
    tfc.addAgent(tfc.agents[0]?.poolId ?? '', { name: 'a2' });
    tfc.takeRun('a1');
    expect(tfc.takeRun('a2')).toEqual({ runId: spec.id, phase: 'plan' });
    tfc.finishRun('a2', spec.id);
    expect(tfc.run(spec.id).status).toBe('planned_and_finished');
  });

  it('an agent that exits while busy errors its run, and the record says it was busy', () => {
    const { tfc, ws } = fake();
    const run = tfc.queueRun(ws.id);
    tfc.takeRun('a1');
    tfc.exitAgent('a1');
    expect(tfc.run(run.id).status).toBe('errored');
    expect(tfc.records.filter((r) => r.type === 'agent-exited')).toMatchObject([{ busy: true }]);
  });
});
