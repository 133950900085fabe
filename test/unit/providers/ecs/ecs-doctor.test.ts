/** doctor(): the cluster and each configured service, read-only. */
import { afterEach, describe, expect, it } from 'vitest';
import { ecsErrors } from '../../../fakes/aws/ecs-fake.js';
import { CLUSTER, REGULAR, SPOT, ecsSetup, type EcsSetup } from './ecs-setup.js';

let setup: EcsSetup | undefined;
afterEach(() => {
  setup?.fake.restore();
  setup = undefined;
});

async function doctor(s: EcsSetup) {
  if (s.provider.doctor === undefined) throw new Error('the ECS provider has a doctor');
  return s.provider.doctor(s.pool);
}

describe('ECS doctor', () => {
  it('passes for an ACTIVE cluster and ACTIVE services, and changes nothing', async () => {
    setup = ecsSetup();
    const checks = await doctor(setup);
    expect(checks.map((c) => [c.name, c.ok])).toEqual([
      [`ECS cluster ${CLUSTER} is ACTIVE`, true],
      [`ECS service ${REGULAR} (class regular) is ACTIVE`, true],
      [`ECS service ${SPOT} (class spot) is ACTIVE`, true],
    ]);
    expect(setup.fake.commands()).toEqual(['ecs:DescribeClusters', 'ecs:DescribeServices']);
  });

  it('a missing cluster is one failing check with a fix', async () => {
    setup = ecsSetup({ cluster: 'nope' });
    const checks = await doctor(setup);
    expect(checks).toHaveLength(1);
    expect(checks[0]).toMatchObject({ ok: false, detail: expect.stringContaining('MISSING') as unknown });
    expect(checks[0]?.fix).toBeDefined();
  });

  it('a missing or draining service fails its own check only', async () => {
    setup = ecsSetup({
      services: [
        { name: REGULAR, class: 'regular' },
        { name: 'gone', class: 'spot' },
      ],
    });
    const checks = await doctor(setup);
    expect(checks.map((c) => c.ok)).toEqual([true, true, false]);
    expect(checks[2]?.detail).toMatch(/gone.*MISSING/);
  });

  it('access denied points at the IAM permissions', async () => {
    setup = ecsSetup();
    setup.fake.fail('DescribeClusters', ecsErrors.accessDenied('ecs:DescribeClusters'));
    const [check] = await doctor(setup);
    expect(check).toMatchObject({ ok: false });
    expect(check?.fix).toMatch(/ecs:UpdateTaskProtection/);
  });
});
