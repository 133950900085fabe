/** The ReplicaProvider contract against the ECS provider over the stateful ECS fake. */
import { describe } from 'vitest';
import { defineReplicaContract, type ReplicaFactory } from '../../../contract/replica-contract.js';
import { REGULAR, SPOT, ecsSetup } from './ecs-setup.js';

const factory: ReplicaFactory = () => {
  const setup = ecsSetup();
  return Promise.resolve({
    provider: setup.provider,
    pool: setup.pool,
    service: REGULAR,
    otherService: SPOT,
    configured: [
      { name: REGULAR, capacityClass: 'regular' },
      { name: SPOT, capacityClass: 'spot' },
    ],
    settle: () => {
      setup.fake.settle();
      return Promise.resolve();
    },
    now: () => setup.now(),
    cleanup: () => {
      setup.fake.restore();
      return Promise.resolve();
    },
  });
};

describe.each([{ name: 'ecs over the ECS fake', factory }])(
  'replica contract: $name',
  ({ name, factory }) => {
    defineReplicaContract(name, factory);
  },
);
