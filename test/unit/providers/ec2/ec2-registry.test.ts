import { afterEach, describe, expect, it } from 'vitest';
import { createProvider } from '../../../../src/providers/registry.js';
import { Ec2Fake } from '../../../fakes/aws/ec2-fake.js';
import { ec2Config, ec2Deps } from '../../../fakes/aws/ec2-test-deps.js';
import { poolPolicy } from '../../../support/pool-policy.js';

let fake: Ec2Fake | undefined;
afterEach(() => {
  fake?.restore();
});

describe('EC2 provider in the registry', () => {
  it('is loaded lazily by type and offers every ephemeral capability', async () => {
    fake = new Ec2Fake();
    const provider = await createProvider(ec2Config(), ec2Deps(), 'pools[0].provider');
    expect(provider).toMatchObject({ type: 'ec2', capacity: 'ephemeral' });
    if (provider.capacity !== 'ephemeral') throw new Error('not ephemeral');
    for (const capability of ['checkLaunch', 'housekeep', 'findMachine', 'status', 'doctor'] as const) {
      expect(typeof provider[capability]).toBe('function');
    }
    expect(await provider.list(poolPolicy('p'))).toEqual([]);
  });
});
