/**
 * The ReplicaProvider contract against the Docker provider in replica mode, on the isolated
 * test dockerd (test runner image idling with FAKE_RUNNER_MODE=sleep). A Docker host has no
 * scheduler to wait for: setDesired and stopReplica act at once, so settle() does nothing.
 */
import { randomBytes } from 'node:crypto';
import { describe } from 'vitest';
import { defineReplicaContract, type ReplicaFactory } from '../../contract/replica-contract.js';
import { removePoolContainers } from '../../support/docker-cleanup.js';
import { dockerGate } from '../../support/docker-gate.js';
import { dockerReplicaProvider } from '../../support/docker-replica.js';
import { poolPolicy } from '../../support/pool-policy.js';
import { dockerClient, sharedDockerd } from '../../support/shared-dockerd.js';

const factory: ReplicaFactory = async () => {
  const daemon = await sharedDockerd();
  const docker = dockerClient(daemon);
  const pool = poolPolicy(`rc-${randomBytes(3).toString('hex')}`, { capacity: 'replica' });
  return {
    provider: dockerReplicaProvider(daemon, pool),
    pool,
    // One service per Docker replica pool, named after it: no second service to test with.
    service: pool.name,
    configured: [{ name: pool.name, capacityClass: 'regular' }],
    settle: () => Promise.resolve(),
    now: Date.now,
    cleanup: () => removePoolContainers(docker, [pool.name]),
  };
};

const gate = dockerGate();

describe.each([{ name: 'docker replica mode', factory }])('replica contract: $name', ({ name, factory }) => {
  defineReplicaContract(name, factory, gate.skip ? { skip: gate.reason } : {});
});
