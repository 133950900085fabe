/**
 * The engine on replica services: one pool with a regular and a spot ECS service (one unit
 * each), jobs placed by kind, through the real ECS provider over the stateful ECS fake.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/engine/engine.js';
import { createMemoryStore } from '../../../src/state/memory/memory-store.js';
import { silentLogger } from '../../../src/telemetry/logger.js';
import { FakeCi } from '../../fakes/memory-ci.js';
import { desiredCount, liveTasks, MIN, units } from './ecs-units.js';
import { ecsSetup, REGULAR, SPOT, type EcsSetup } from '../../unit/providers/ecs/ecs-setup.js';

let setup: EcsSetup;
let ci: FakeCi;
let engine: Engine;

const live = (service: string) => liveTasks(setup, service);
const desired = (service: string) => desiredCount(setup, service);

/** Agents register under their task ids (TFC_AGENT_NAME set to the task id). */
function agentsUp(service: string): void {
  for (const id of live(service)) if (!ci.registrations.has(id)) ci.connect(id);
}

async function reconcileAll(): Promise<void> {
  await engine.reconcile('tfc-regular');
  await engine.reconcile('tfc-spot');
  setup.fake.settle();
}

beforeEach(() => {
  setup = ecsSetup();
  ci = new FakeCi();
  const pools = units(setup, ci);
  engine = new Engine({
    pools,
    store: createMemoryStore({ clock: () => setup.now() }),
    clock: () => setup.now(),
    owner: 't',
    logger: silentLogger,
  });
});
afterEach(() => {
  setup.fake.restore();
});

describe('engine on ECS services with capacity classes', () => {
  it('places plans on the spot service and applies on the regular one', async () => {
    for (const id of ['p1', 'p2', 'p3']) ci.queue(id, [], { kind: 'plan' });
    ci.queue('a1', [], { kind: 'apply' });
    ci.queue('x1', [], { kind: 'something-else' });
    await reconcileAll();
    expect(desired(SPOT)).toBe(3);
    expect(desired(REGULAR)).toBe(2);
  });

  it('protects busy tasks before any scale-in and lowers the count onto idle ones only', async () => {
    for (const id of ['p1', 'p2', 'p3']) ci.queue(id, [], { kind: 'plan' });
    await reconcileAll();
    agentsUp(SPOT);
    const [busy, ...idle] = live(SPOT);
    if (busy === undefined) throw new Error('no tasks');
    ci.start(busy, 'p1');
    ci.complete('p2');
    ci.complete('p3');
    for (const id of idle) ci.connect(id);
    await reconcileAll();
    // The busy task was protected first; the cooldown since the scale-up holds the scale-in.
    expect(setup.fake.task(busy).protection?.enabled).toBe(true);
    expect(desired(SPOT)).toBe(3);
    setup.advance(2 * MIN);
    await reconcileAll();
    expect(desired(SPOT)).toBe(1);
    expect(live(SPOT)).toEqual([busy]);
    const protect = setup.fake.calls('UpdateTaskProtection');
    expect(protect[0]).toMatchObject({ tasks: [expect.stringContaining(busy)], protectionEnabled: true });
  });

  it('a failing protection call never makes a busy task removable: the count stays', async () => {
    for (const id of ['p1', 'p2']) ci.queue(id, [], { kind: 'plan' });
    await reconcileAll();
    agentsUp(SPOT);
    const [busy, idle] = live(SPOT);
    if (busy === undefined || idle === undefined) throw new Error('no tasks');
    setup.fake.failProtectionFor([busy]);
    ci.start(busy, 'p1');
    ci.complete('p2');
    setup.advance(2 * MIN);
    const r = await engine.reconcile('tfc-spot');
    setup.fake.settle();
    expect(r.outcomes.filter((o) => o.type === 'protect')).toMatchObject([
      { target: busy, result: 'failed' },
    ]);
    expect(r.outcomes.find((o) => o.type === 'set-desired')).toMatchObject({ result: 'skipped' });
    expect(desired(SPOT)).toBe(2);
    expect(live(SPOT)).toContain(busy);
  });
});
