/**
 * The EphemeralProvider contract against the EC2 provider over the SDK-level fake. The
 * exit case goes the whole way: the env travels in the worker's SSM parameter, the fake
 * instance reads it at boot (as the bootstrap does), exits with FAKE_EXIT_CODE, tags the code
 * and shuts itself down.
 */
import { randomBytes } from 'node:crypto';
import { createEc2Provider } from '../../../../src/providers/ec2/index.js';
import { defineProviderContract, type ProviderFactory } from '../../../contract/provider-contract.js';
import { Ec2Fake, FAKE_SUBNETS } from '../../../fakes/aws/ec2-fake.js';
import { ec2Config, ec2Deps } from '../../../fakes/aws/ec2-test-deps.js';
import { poolPolicy } from '../../../support/pool-policy.js';

const factory: ProviderFactory = () => {
  const fake = new Ec2Fake();
  const run = randomBytes(3).toString('hex');
  const config = ec2Config({
    instanceTypes: ['m7g.large', 'c7g.large'],
    subnets: FAKE_SUBNETS.map((s) => s.id),
  });
  return Promise.resolve({
    provider: createEc2Provider(config, ec2Deps()),
    pool: poolPolicy(`ct-${run}-a`),
    otherPool: poolPolicy(`ct-${run}-b`),
    idleEnv: { ACTIONS_RUNNER_INPUT_JITCONFIG: 'idle-runner-config' },
    exitEnv: (code: number) => ({
      ACTIONS_RUNNER_INPUT_JITCONFIG: 'exiting-runner-config',
      FAKE_EXIT_CODE: String(code),
    }),
    cleanup: () => {
      fake.restore();
      return Promise.resolve();
    },
  });
};

defineProviderContract('ec2 over the SDK fake', factory);
