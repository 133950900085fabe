/**
 * The spot split of issue 8: Terraform runs from the real TFC source (against the fake TFC)
 * placed by kind on two ECS services (through the ECS fake): plans on spot, applies on
 * regular; busy agents protected before any scale-in, and a failing protection call never
 * makes a busy task removable.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/engine/engine.js';
import { createMemoryStore } from '../../../src/state/memory/memory-store.js';
import { silentLogger } from '../../../src/telemetry/logger.js';
import { ecsSetup, REGULAR, SPOT, type EcsSetup } from '../../unit/providers/ecs/ecs-setup.js';
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

beforeEach(async () => {
  ecs = ecsSetup();
  tfc = await tfcHarness();
  const source = tfc.source({}, { runsCacheMs: 0 });
  const pools = units(ecs, source);
  const clock = () => ecs.now();
  engine = new Engine({
    pools,
    store: createMemoryStore({ clock }),
    clock,
    owner: 't',
    logger: silentLogger,
  });
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
    expect(off.map((c) => c['tasks'])).toEqual([[expect.stringMatching(new RegExp(`/${task}$`))]]);
    expect(desired(SPOT)).toBe(0);
    expect(live(SPOT)).toEqual([]);
  });
});
