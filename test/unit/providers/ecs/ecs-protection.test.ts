/** setProtection: UpdateTaskProtection in batches of 10, per-task failures, failing batches, foreign ids. */
import { afterEach, describe, expect, it } from 'vitest';
import { expiresInMinutes } from '../../../../src/providers/ecs/index.js';
import { ecsErrors } from '../../../fakes/aws/ecs-fake.js';
import { CLUSTER, HOUR, REGULAR, SPOT, ecsSetup, startTasks, type EcsSetup } from './ecs-setup.js';

let setup: EcsSetup | undefined;
afterEach(() => {
  setup?.fake.restore();
  setup = undefined;
});

function sentTasks(s: EcsSetup): string[][] {
  return s.fake
    .calls('UpdateTaskProtection')
    .map((input) => (input['tasks'] as string[]).map((a) => a.split('/').pop() ?? a));
}

describe('ECS setProtection batching', () => {
  it('sends 25 tasks in 3 calls of at most 10, each with the configured period', async () => {
    setup = ecsSetup();
    const ids = startTasks(setup, REGULAR, 25);
    await setup.provider.describe(setup.pool);
    const result = await setup.provider.setProtection(setup.pool, REGULAR, ids, true);
    expect([...result.done].sort()).toEqual([...ids].sort());
    expect(result.failed).toEqual([]);
    expect(sentTasks(setup).map((b) => b.length)).toEqual([10, 10, 5]);
    expect(sentTasks(setup).flat().sort()).toEqual([...ids].sort());
    for (const input of setup.fake.calls('UpdateTaskProtection')) {
      expect(input).toMatchObject({ cluster: CLUSTER, protectionEnabled: true, expiresInMinutes: 120 });
    }
    for (const id of ids) expect(setup.fake.task(id).protection?.enabled).toBe(true);
  });

  it('reports per-task failures from the answer and the rest as done', async () => {
    setup = ecsSetup();
    const ids = startTasks(setup, REGULAR, 25);
    await setup.provider.describe(setup.pool);
    const [bad1, bad2] = [ids[3] ?? '', ids[17] ?? ''];
    setup.fake.failProtectionFor([bad1, bad2], 'SERVER_ERROR');
    const result = await setup.provider.setProtection(setup.pool, REGULAR, ids, true);
    expect(result.done).toHaveLength(23);
    expect(result.done).not.toContain(bad1);
    expect([...result.failed].map((f) => f.id).sort()).toEqual([bad1, bad2].sort());
    for (const f of result.failed) expect(f.reason).toContain('SERVER_ERROR');
    expect(setup.fake.task(bad1).protection).toBeUndefined();
  });

  it('a batch whose call throws fails all of its ids; the other batches still run', async () => {
    setup = ecsSetup();
    const ids = startTasks(setup, REGULAR, 25);
    await setup.provider.describe(setup.pool);
    const second = ids.slice(10, 20);
    setup.fake.fail('UpdateTaskProtection', ecsErrors.server(), {
      when: (input) => (input['tasks'] as string[]).some((arn) => arn.endsWith(second[0] ?? '-')),
    });
    const result = await setup.provider.setProtection(setup.pool, REGULAR, ids, true);
    expect(setup.fake.calls('UpdateTaskProtection')).toHaveLength(3);
    expect([...result.failed].map((f) => f.id).sort()).toEqual([...second].sort());
    for (const f of result.failed) expect(f.reason).toMatch(/ServerException/);
    expect([...result.done].sort()).toEqual([...ids.slice(0, 10), ...ids.slice(20)].sort());
  });

  it('a throttled batch is reported failed with the throttling reason, the next batch runs', async () => {
    setup = ecsSetup();
    const ids = startTasks(setup, REGULAR, 12);
    await setup.provider.describe(setup.pool);
    setup.fake.throttle('UpdateTaskProtection', 1);
    const result = await setup.provider.setProtection(setup.pool, REGULAR, ids, true);
    expect(result.failed).toHaveLength(10);
    expect(result.failed[0]?.reason).toMatch(/ThrottlingException/);
    expect(result.done).toEqual(ids.slice(10));
  });

  it('turning protection off sends no period and clears it', async () => {
    setup = ecsSetup();
    const ids = startTasks(setup, REGULAR, 2);
    await setup.provider.describe(setup.pool);
    await setup.provider.setProtection(setup.pool, REGULAR, ids, true);
    const result = await setup.provider.setProtection(setup.pool, REGULAR, ids, false);
    expect(result.done).toEqual(ids);
    const last = setup.fake.calls('UpdateTaskProtection').at(-1);
    expect(last).toMatchObject({ protectionEnabled: false });
    expect(last).not.toHaveProperty('expiresInMinutes');
    for (const id of ids) expect(setup.fake.task(id).protection).toBeUndefined();
  });
});

describe('ECS protection period', () => {
  it('expiresInMinutes is the config period in whole minutes, rounded up, within 1..2880', () => {
    expect(expiresInMinutes(60_000)).toBe(1);
    expect(expiresInMinutes(90_000)).toBe(2);
    expect(expiresInMinutes(2 * HOUR)).toBe(120);
    expect(expiresInMinutes(48 * HOUR)).toBe(2880);
    expect(expiresInMinutes(49 * HOUR)).toBe(2880);
    expect(expiresInMinutes(0)).toBe(1);
  });

  it('the configured protection goes into every call and into protectedUntil', async () => {
    setup = ecsSetup({ protection: 45 * 60_000 });
    const [id = ''] = startTasks(setup, REGULAR, 1);
    await setup.provider.describe(setup.pool);
    await setup.provider.setProtection(setup.pool, REGULAR, [id], true);
    const at = setup.now();
    expect(setup.fake.calls('UpdateTaskProtection')[0]).toMatchObject({ expiresInMinutes: 45 });
    const [svc] = await setup.provider.describe(setup.pool);
    const until = svc?.replicas.find((r) => r.id === id)?.protectedUntil ?? 0;
    expect(until).toBeGreaterThan(at + 44 * 60_000);
    expect(until).toBeLessThanOrEqual(at + 45 * 60_000);
    setup.advance(46 * 60_000);
    const [later] = await setup.provider.describe(setup.pool);
    expect(later?.replicas.find((r) => r.id === id)?.protectedUntil).toBeUndefined();
  });
});

describe('ECS protection only for tasks of the service', () => {
  it('ids of another service, a standalone task or unknown ids fail and are never sent', async () => {
    setup = ecsSetup();
    const [own = ''] = startTasks(setup, REGULAR, 1);
    const [spot = ''] = startTasks(setup, SPOT, 1);
    const standalone = setup.fake.addTask(CLUSTER).id;
    await setup.provider.describe(setup.pool);
    const result = await setup.provider.setProtection(
      setup.pool,
      REGULAR,
      [own, spot, standalone, 'nope', own],
      true,
    );
    expect(result.done).toEqual([own]);
    expect(result.failed).toEqual([
      { id: spot, reason: `not a task of service ${REGULAR}` },
      { id: standalone, reason: `not a task of service ${REGULAR}` },
      { id: 'nope', reason: `not a task of service ${REGULAR}` },
    ]);
    expect(sentTasks(setup)).toEqual([[own]]);
    expect(setup.fake.task(spot).protection).toBeUndefined();
  });

  it("another pool's tasks in the same cluster are never sent", async () => {
    setup = ecsSetup();
    setup.fake.addService(CLUSTER, 'other-pool-agents');
    const theirs = startTasks(setup, 'other-pool-agents', 2);
    await setup.provider.describe(setup.pool);
    const result = await setup.provider.setProtection(setup.pool, REGULAR, theirs, true);
    expect(result.done).toEqual([]);
    expect(result.failed.map((f) => f.id)).toEqual(theirs);
    expect(setup.fake.calls('UpdateTaskProtection')).toEqual([]);
  });

  it('before any describe, the service is listed first to learn its tasks', async () => {
    setup = ecsSetup();
    const [own = ''] = startTasks(setup, REGULAR, 1);
    const [spot = ''] = startTasks(setup, SPOT, 1);
    const result = await setup.provider.setProtection(setup.pool, REGULAR, [own, spot], true);
    expect(result.done).toEqual([own]);
    expect(setup.fake.commands()).toEqual(['ecs:ListTasks', 'ecs:UpdateTaskProtection']);
    expect(setup.fake.calls('ListTasks')[0]).toMatchObject({
      serviceName: REGULAR,
      desiredStatus: 'RUNNING',
    });
  });

  it('no ids: no call at all', async () => {
    setup = ecsSetup();
    expect(await setup.provider.setProtection(setup.pool, REGULAR, [], true)).toEqual({
      done: [],
      failed: [],
    });
    expect(setup.fake.commands()).toEqual([]);
  });
});
