/**
 * The spot split of issue 8: Terraform runs from the real TFC source (against the fake TFC)
 * placed by kind on two ECS services (through the ECS fake): plans on spot, applies on
 * regular; busy agents protected before any scale-in, and a failing protection call never
 * makes a busy task removable.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decide } from '../../../src/core/decide.js';
import type { Decision, PoolObservation, PoolPolicy } from '../../../src/core/types.js';
import { Engine } from '../../../src/engine/engine.js';
import { createMemoryStore } from '../../../src/state/memory/memory-store.js';
import { silentLogger } from '../../../src/telemetry/logger.js';
import { CLUSTER, ecsSetup, REGULAR, SPOT, type EcsSetup } from '../../unit/providers/ecs/ecs-setup.js';
import { desiredCount, liveTasks, MIN, units } from './ecs-units.js';
import { tfcHarness, type Harness } from '../tfc/harness.js';

let ecs: EcsSetup;
let tfc: Harness;
let engine: Engine;

const live = (service: string) => liveTasks(ecs, service);
const desired = (service: string) => desiredCount(ecs, service);

/** Each task's agent registers with the agent name set to its task id. */
function agentsUp(service: string): void {
  for (const id of live(service))
    if (tfc.tfc.agentNamed(id) === undefined) tfc.tfc.addAgent(tfc.poolId, { name: id });
}

async function reconcileBoth(): Promise<void> {
  await engine.reconcile('tfc-regular');
  await engine.reconcile('tfc-spot');
  ecs.fake.settle();
}

/** Matches the ARN of task `id`, as ECS calls carry it. */
const taskArn = (id: string): unknown => expect.stringMatching(new RegExp(`/${id}$`));

/** A spot agent that ran one run and then idled past maxLifetime (24 h); its workspace id. */
async function agedIdleAgent(): Promise<{ ws: string; old: string }> {
  const ws = tfc.tfc.createWorkspace('acme', 'a', tfc.poolId);
  if (ws === undefined) throw new Error('no workspace');
  const run = tfc.tfc.queueRun(ws.id);
  await reconcileBoth();
  agentsUp(SPOT);
  const [old] = live(SPOT);
  if (old === undefined) throw new Error('no task');
  tfc.tfc.takeRun(old);
  tfc.tfc.finishRun(old, run.id);
  ecs.advance(25 * 60 * MIN);
  return { ws: ws.id, old };
}

/** `after` runs once decide() has decided and before the executor acts: a race, on cue. */
function engineWith(after?: (d: Decision) => void): Engine {
  const clock = () => ecs.now();
  const decideThen = (o: PoolObservation, p: PoolPolicy): Decision => {
    const d = decide(o, p);
    after?.(d);
    return d;
  };
  return new Engine({
    pools: units(ecs, tfc.source({}, { runsCacheMs: 0 })),
    store: createMemoryStore({ clock }),
    clock,
    owner: 't',
    logger: silentLogger,
    decide: decideThen,
  });
}

beforeEach(async () => {
  ecs = ecsSetup();
  tfc = await tfcHarness();
  engine = engineWith();
});
afterEach(async () => {
  ecs.fake.restore();
  await tfc.stop();
});

describe('TFC runs on ECS services split by kind', () => {
  it('plans go to the spot service, applies to the regular one; a run awaiting approval to neither', async () => {
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((n) => tfc.tfc.createWorkspace('acme', n, tfc.poolId));
    if (a === undefined || b === undefined || c === undefined || d === undefined)
      throw new Error('no workspaces');
    tfc.tfc.queueRun(a.id);
    tfc.tfc.queueRun(b.id);
    tfc.tfc.setRunStatus(tfc.tfc.queueRun(c.id).id, 'apply_queued');
    tfc.tfc.setRunStatus(tfc.tfc.queueRun(d.id, { needsApproval: true }).id, 'planned');
    await reconcileBoth();
    expect([desired(SPOT), desired(REGULAR)]).toEqual([2, 1]);
  });

  it('protects the busy spot agent before lowering the count; with protection failing the count stays', async () => {
    const [a, b] = ['a', 'b'].map((n) => tfc.tfc.createWorkspace('acme', n, tfc.poolId));
    if (a === undefined || b === undefined) throw new Error('no workspaces');
    const runA = tfc.tfc.queueRun(a.id);
    const runB = tfc.tfc.queueRun(b.id);
    await reconcileBoth();
    agentsUp(SPOT);
    const [first, second] = live(SPOT);
    if (first === undefined || second === undefined) throw new Error('no tasks');
    // Both agents plan; then one finishes (its run goes on to apply on the regular side).
    expect(tfc.tfc.takeRun(first)?.runId).toBeDefined();
    expect(tfc.tfc.takeRun(second)?.runId).toBeDefined();
    const busy = tfc.tfc.agentNamed(first)?.runId === runA.id ? first : second;
    const done = busy === first ? second : first;
    tfc.tfc.finishRun(done, busy === first ? runB.id : runA.id);
    ecs.fake.failProtectionFor([busy]);
    ecs.advance(2 * MIN);
    await reconcileBoth();
    expect(desired(SPOT)).toBe(2);
    expect(live(SPOT)).toContain(busy);
    // Protection works again: the busy task is protected, then only the idle one goes.
    ecs.fake.healProtection();
    ecs.advance(2 * MIN);
    await reconcileBoth();
    expect(ecs.fake.task(busy).protection?.enabled).toBe(true);
    expect(desired(SPOT)).toBe(1);
    expect(live(SPOT)).toEqual([busy]);
  });

  it('takes protection off an idle task chosen for scale-in even when it ends within minutes', async () => {
    const ws = tfc.tfc.createWorkspace('acme', 'a', tfc.poolId);
    if (ws === undefined) throw new Error('no workspace');
    const run = tfc.tfc.queueRun(ws.id);
    await reconcileBoth();
    agentsUp(SPOT);
    const [task] = live(SPOT);
    if (task === undefined) throw new Error('no task');
    tfc.tfc.takeRun(task);
    await reconcileBoth();
    expect(ecs.fake.task(task).protection?.enabled).toBe(true);
    tfc.tfc.finishRun(task, run.id);
    // Its 2 h protection has 8 minutes left when the scale-in comes: under the refresh
    // margin, but on. Left on, ECS would keep the task past the lower count and stop it
    // when the protection ran out, busy by then or not.
    ecs.advance(112 * MIN);
    ecs.fake.resetHistory();
    await reconcileBoth();
    const off = ecs.fake.calls('UpdateTaskProtection').filter((c) => c['protectionEnabled'] === false);
    expect(off.map((c) => c['tasks'])).toEqual([[taskArn(task)]]);
    expect(desired(SPOT)).toBe(0);
    expect(live(SPOT)).toEqual([]);
  });

  it('stops a task whose agent never registered; with a run waiting, the service replaces it', async () => {
    const ws = tfc.tfc.createWorkspace('acme', 'a', tfc.poolId);
    if (ws === undefined) throw new Error('no workspace');
    tfc.tfc.queueRun(ws.id);
    await reconcileBoth();
    const [stuck] = live(SPOT);
    if (stuck === undefined) throw new Error('no task');
    // No agent ever registers for it: within bootTimeout it is left to boot.
    ecs.advance(5 * MIN);
    await reconcileBoth();
    expect(ecs.fake.calls('StopTask')).toEqual([]);
    ecs.advance(6 * MIN);
    await reconcileBoth();
    expect(ecs.fake.calls('StopTask').map((c) => c['task'])).toEqual([taskArn(stuck)]);
    expect(desired(SPOT)).toBe(1);
    const [replacement, ...more] = live(SPOT);
    expect(more).toEqual([]);
    expect(replacement).not.toBe(stuck);
  });

  it('stops an idle agent past maxLifetime, but not one that took a run after the decision', async () => {
    const { ws, old } = await agedIdleAgent();
    tfc.tfc.queueRun(ws);
    // The agent takes the waiting run between decide() and the stop.
    let raced = false;
    engine = engineWith((d) => {
      if (raced || !d.actions.some((a) => a.type === 'terminate')) return;
      raced = true;
      tfc.tfc.takeRun(old);
    });
    const r = await engine.reconcile('tfc-spot');
    expect(r.decision?.actions).toContainEqual(expect.objectContaining({ type: 'terminate', workerId: old }));
    expect(r.outcomes).toContainEqual(
      expect.objectContaining({
        type: 'terminate',
        target: old,
        result: 'skipped',
        detail: 'took a job since: left running',
      }),
    );
    expect(ecs.fake.calls('StopTask')).toEqual([]);
    expect(live(SPOT)).toEqual([old]);
  });

  it('lowers a count the service could not place once its run is gone, so no task starts for nothing', async () => {
    const spot = ecs.fake.service(CLUSTER, SPOT);
    spot.placeable = 0; // no FARGATE_SPOT capacity left
    const ws = tfc.tfc.createWorkspace('acme', 'a', tfc.poolId);
    if (ws === undefined) throw new Error('no workspace');
    const run = tfc.tfc.queueRun(ws.id);
    await reconcileBoth();
    await reconcileBoth();
    // While the run waits, the unplaced task stays asked for, once.
    expect([desired(SPOT), live(SPOT)]).toEqual([1, []]);
    tfc.tfc.setRunStatus(run.id, 'canceled');
    await reconcileBoth();
    expect(desired(SPOT)).toBe(0);
    // Capacity comes back: nothing starts, where the old count would have started a task.
    delete spot.placeable;
    ecs.fake.settle();
    expect(live(SPOT)).toEqual([]);
  });

  it('stops an idle agent past maxLifetime and lowers the count when nothing needs it', async () => {
    const { old } = await agedIdleAgent();
    await reconcileBoth();
    expect(ecs.fake.calls('StopTask').map((c) => c['task'])).toEqual([taskArn(old)]);
    expect(desired(SPOT)).toBe(0);
    expect(live(SPOT)).toEqual([]);
  });
});
