/** setDesired and stopReplica: only configured services, only their tasks, typed errors, log lines. */
import { afterEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../../../../src/core/errors.js';
import { ecsErrors } from '../../../fakes/aws/ecs-fake.js';
import { CLUSTER, REGULAR, SPOT, ecsSetup, startTasks, type EcsSetup } from './ecs-setup.js';

let setup: EcsSetup | undefined;
afterEach(() => {
  setup?.fake.restore();
  setup = undefined;
});

describe('ECS unconfigured services', () => {
  it('setDesired, setProtection and stopReplica refuse them without any API call', async () => {
    setup = ecsSetup();
    setup.fake.addService(CLUSTER, 'someone-elses');
    const { provider, pool } = setup;
    for (const call of [
      provider.setDesired(pool, 'someone-elses', 3),
      provider.setProtection(pool, 'someone-elses', ['abc'], true),
      provider.stopReplica(pool, 'someone-elses', 'abc'),
    ]) {
      const error = await call.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProviderError);
      expect(error).toMatchObject({ status: 404, retryable: false });
      expect((error as Error).message).toMatch(/someone-elses is not configured/);
    }
    expect(setup.fake.commands()).toEqual([]);
    expect(setup.fake.service(CLUSTER, 'someone-elses').desiredCount).toBe(0);
  });
});

describe('ECS setDesired', () => {
  it('sends UpdateService with cluster, service and count, and logs the change', async () => {
    setup = ecsSetup();
    await setup.provider.describe(setup.pool);
    await setup.provider.setDesired(setup.pool, SPOT, 3);
    expect(setup.fake.calls('UpdateService')).toEqual([{ cluster: CLUSTER, service: SPOT, desiredCount: 3 }]);
    expect(setup.fake.service(CLUSTER, SPOT).desiredCount).toBe(3);
    const line = setup.logger.records.find((r) => r.message === 'ecs: set desired count');
    expect(line).toMatchObject({ level: 'info', fields: { pool: 'tfc', service: SPOT, from: 0, to: 3 } });
  });

  it.each([-1, 1.5, Number.NaN])('refuses desired %s without a call', async (n) => {
    setup = ecsSetup();
    await expect(setup.provider.setDesired(setup.pool, REGULAR, n)).rejects.toMatchObject({ status: 400 });
    expect(setup.fake.commands()).toEqual([]);
  });

  it('throttling is retryable; access denied is 403 and not retryable', async () => {
    setup = ecsSetup();
    setup.fake.throttle('UpdateService').fail('UpdateService', ecsErrors.accessDenied('ecs:UpdateService'));
    await expect(setup.provider.setDesired(setup.pool, REGULAR, 1)).rejects.toMatchObject({
      retryable: true,
      status: 429,
    });
    const denied = await setup.provider.setDesired(setup.pool, REGULAR, 1).catch((e: unknown) => e);
    expect(denied).toMatchObject({ retryable: false, status: 403 });
    expect((denied as Error).message).toMatch(/not authorized to perform: ecs:UpdateService/);
    expect(setup.fake.service(CLUSTER, REGULAR).desiredCount).toBe(0);
  });

  it('a service that went INACTIVE is a 409, not "not found"', async () => {
    setup = ecsSetup();
    setup.fake.service(CLUSTER, REGULAR).status = 'INACTIVE';
    await expect(setup.provider.setDesired(setup.pool, REGULAR, 1)).rejects.toMatchObject({ status: 409 });
  });
});

describe('ECS stopReplica', () => {
  it('stops a task of the service with a reason; settle replaces it', async () => {
    setup = ecsSetup();
    const [victim = '', other = ''] = startTasks(setup, REGULAR, 2);
    await setup.provider.describe(setup.pool);
    await setup.provider.stopReplica(setup.pool, REGULAR, victim);
    const [call] = setup.fake.calls('StopTask');
    expect(call).toMatchObject({
      cluster: CLUSTER,
      reason: expect.stringMatching(/^ci-scaler: /) as unknown,
    });
    expect(String(call?.['task'])).toMatch(new RegExp(`task/${CLUSTER}/${victim}$`));
    setup.fake.settle();
    const live = setup.fake.liveTasks(CLUSTER, REGULAR).map((t) => t.id);
    expect(live).toHaveLength(2);
    expect(live).toContain(other);
    expect(live).not.toContain(victim);
  });

  it("refuses another service's task (409) and never sends StopTask", async () => {
    setup = ecsSetup();
    startTasks(setup, REGULAR, 1);
    const [spot = ''] = startTasks(setup, SPOT, 1);
    await setup.provider.describe(setup.pool);
    await expect(setup.provider.stopReplica(setup.pool, REGULAR, spot)).rejects.toMatchObject({
      status: 409,
    });
    expect(setup.fake.calls('StopTask')).toEqual([]);
    expect(setup.fake.task(spot).desiredStatus).toBe('RUNNING');
  });

  it('a task stopped once is no longer a member: a second stop is refused', async () => {
    setup = ecsSetup();
    const [victim = ''] = startTasks(setup, REGULAR, 1);
    await setup.provider.describe(setup.pool);
    await setup.provider.stopReplica(setup.pool, REGULAR, victim);
    await expect(setup.provider.stopReplica(setup.pool, REGULAR, victim)).rejects.toBeInstanceOf(
      ProviderError,
    );
    expect(setup.fake.calls('StopTask')).toHaveLength(1);
  });
});
