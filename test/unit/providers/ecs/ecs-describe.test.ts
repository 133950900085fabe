/** describe(): services, tasks, IPs, agent names, pagination and batching, failures. */
import { afterEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../../../../src/core/errors.js';
import { ecsErrors } from '../../../fakes/aws/ecs-fake.js';
import { CLUSTER, REGULAR, SPOT, ecsSetup, startTasks, type EcsSetup } from './ecs-setup.js';

let setup: EcsSetup | undefined;
afterEach(() => {
  setup?.fake.restore();
  setup = undefined;
});

async function regular(s: EcsSetup) {
  const found = (await s.provider.describe(s.pool)).find((svc) => svc.name === REGULAR);
  if (found === undefined) throw new Error('no regular service');
  return found;
}

describe('ECS describe: replicas', () => {
  it('takes the IP from the ENI attachment and the agent name from TFC_AGENT_NAME', async () => {
    setup = ecsSetup({
      services: [
        { name: 'named', class: 'regular' },
        { name: 'bridge', class: 'spot' },
      ],
    });
    setup.fake.addService(CLUSTER, 'named', {
      desired: 1,
      taskEnv: (id) => ({ OTHER: 'x', TFC_AGENT_NAME: `agent-${id}` }),
    });
    setup.fake.addService(CLUSTER, 'bridge', { desired: 1, eni: false });
    setup.fake.settle();
    const [named, bridge] = await setup.provider.describe(setup.pool);
    const task = setup.fake.liveTasks(CLUSTER, 'named')[0];
    expect(task?.ip).toMatch(/^10\.0\.\d+\.\d+$/);
    expect(named?.replicas).toEqual([
      {
        id: task?.id,
        state: 'running',
        createdAt: task?.createdAt,
        ip: task?.ip,
        agentName: `agent-${task?.id ?? ''}`,
      },
    ]);
    expect(bridge?.replicas).toHaveLength(1);
    expect(bridge?.replicas[0]).not.toHaveProperty('ip');
    expect(bridge?.replicas[0]).not.toHaveProperty('agentName');
  });

  it('maps task states and service counts; other services and standalone tasks are left out', async () => {
    setup = ecsSetup();
    const running = startTasks(setup, REGULAR, 2);
    startTasks(setup, SPOT, 1);
    setup.fake.addTask(CLUSTER);
    const pending = setup.fake.addTask(CLUSTER, { service: REGULAR, lastStatus: 'PENDING' });
    const provisioning = setup.fake.addTask(CLUSTER, { service: REGULAR, lastStatus: 'PROVISIONING' });
    const deactivating = setup.fake.addTask(CLUSTER, { service: REGULAR, lastStatus: 'DEACTIVATING' });
    const svc = await regular(setup);
    expect(svc).toMatchObject({ name: REGULAR, capacityClass: 'regular', running: 2, pending: 2 });
    const states = new Map(svc.replicas.map((r) => [r.id, r.state]));
    expect(Object.fromEntries(states)).toEqual({
      [running[0] ?? '']: 'running',
      [running[1] ?? '']: 'running',
      [pending.id]: 'starting',
      [provisioning.id]: 'starting',
      [deactivating.id]: 'stopping',
    });
  });

  it('describes every configured service with its class and desired count', async () => {
    setup = ecsSetup();
    setup.fake.service(CLUSTER, SPOT).desiredCount = 4;
    const services = await setup.provider.describe(setup.pool);
    expect(services.map((s) => [s.name, s.capacityClass, s.desired])).toEqual([
      [REGULAR, 'regular', 0],
      [SPOT, 'spot', 4],
    ]);
  });

  it('a service configured by ARN is found and keeps its configured name', async () => {
    const arn = `arn:aws:ecs:eu-west-1:123456789012:service/${CLUSTER}/${REGULAR}`;
    setup = ecsSetup({ services: [{ name: arn, class: 'regular' }] });
    startTasks(setup, REGULAR, 1);
    const [svc] = await setup.provider.describe(setup.pool);
    expect(svc).toMatchObject({ name: arn, running: 1 });
    expect(svc?.replicas).toHaveLength(1);
    expect(setup.fake.calls('ListTasks')[0]).toMatchObject({ serviceName: REGULAR });
  });
});

describe('ECS describe: pagination and batching', () => {
  it('reads every ListTasks page and describes tasks and protection in batches of 100', async () => {
    setup = ecsSetup();
    const ids = startTasks(setup, REGULAR, 250);
    setup.fake.resetHistory();
    const svc = await regular(setup);
    expect(svc.replicas.map((r) => r.id).sort()).toEqual([...ids].sort());
    const pages = setup.fake.calls('ListTasks').filter((c) => c['serviceName'] === REGULAR);
    expect(pages).toHaveLength(3);
    expect(pages[0]?.['nextToken']).toBeUndefined();
    expect(pages[1]?.['nextToken']).toEqual(expect.any(String));
    const sizes = (command: 'DescribeTasks' | 'GetTaskProtection') =>
      setup?.fake.calls(command).map((c) => (c['tasks'] as string[]).length);
    expect(sizes('DescribeTasks')).toEqual([100, 100, 50]);
    expect(sizes('GetTaskProtection')).toEqual([100, 100, 50]);
  });

  it('DescribeServices takes at most 10 services per call', async () => {
    const names = Array.from({ length: 12 }, (_, i) => `svc-${i}`);
    setup = ecsSetup({ services: names.map((name, i) => ({ name, class: i === 0 ? 'regular' : `c${i}` })) });
    for (const name of names) setup.fake.addService(CLUSTER, name);
    const services = await setup.provider.describe(setup.pool);
    expect(services.map((s) => s.name)).toEqual(names);
    expect(setup.fake.calls('DescribeServices').map((c) => (c['services'] as string[]).length)).toEqual([
      10, 2,
    ]);
  });

  it('a service with no tasks makes no DescribeTasks or GetTaskProtection call', async () => {
    setup = ecsSetup();
    await setup.provider.describe(setup.pool);
    expect(setup.fake.commands().sort()).toEqual(['ecs:DescribeServices', 'ecs:ListTasks', 'ecs:ListTasks']);
  });
});

describe('ECS describe: failures', () => {
  it('a service ECS lists in failures (MISSING) is a 404 ProviderError naming it', async () => {
    setup = ecsSetup({ services: [{ name: 'gone-agents', class: 'regular' }] });
    const error = await setup.provider.describe(setup.pool).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ status: 404, retryable: false });
    expect((error as Error).message).toMatch(/gone-agents.*MISSING/);
  });

  it.each(['DRAINING', 'INACTIVE'] as const)('a %s service is a ProviderError naming it', async (status) => {
    setup = ecsSetup();
    setup.fake.service(CLUSTER, SPOT).status = status;
    const error = await setup.provider.describe(setup.pool).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as Error).message).toContain(`${SPOT} (cluster ${CLUSTER}) is ${status}`);
  });

  it('an unknown cluster is a 404 ProviderError', async () => {
    setup = ecsSetup({ cluster: 'no-such-cluster' });
    await expect(setup.provider.describe(setup.pool)).rejects.toMatchObject({
      status: 404,
      retryable: false,
    });
  });

  it('throttling is a retryable ProviderError', async () => {
    setup = ecsSetup();
    setup.fake.throttle('ListTasks');
    const error = await setup.provider.describe(setup.pool).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ retryable: true, status: 429 });
    expect((error as Error).message).toMatch(/ThrottlingException/);
  });

  it('a denied GetTaskProtection fails describe (403), never reads as "unprotected"', async () => {
    setup = ecsSetup();
    const [id = ''] = startTasks(setup, REGULAR, 1);
    setup.fake.task(id).protection = { enabled: true, expiresAt: setup.now() + 60_000 };
    setup.fake.fail('GetTaskProtection', ecsErrors.accessDenied('ecs:GetTaskProtection'));
    const error = await setup.provider.describe(setup.pool).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 403, retryable: false });
    expect((error as Error).message).toMatch(/AccessDeniedException/);
    const svc = await regular(setup);
    expect(svc.replicas[0]?.protectedUntil).toBeGreaterThan(setup.now());
  });
});
