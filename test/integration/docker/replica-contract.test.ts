/**
 * The ReplicaProvider contract against the Docker provider in replica mode, on the isolated
 * test dockerd (test runner image idling with FAKE_RUNNER_MODE=sleep). A Docker host has no
 * scheduler to wait for: setDesired and stopReplica act at once, so settle() does nothing.
 */
import { randomBytes } from 'node:crypto';
import { describe } from 'vitest';
import type { DockerProviderConfig } from '../../../src/config/docker-schema.js';
import { storeMemo } from '../../../src/engine/provider-memo.js';
import { dockerProviderModule } from '../../../src/providers/docker/index.js';
import type { ReplicaProvider } from '../../../src/providers/provider.js';
import { createMemoryStore } from '../../../src/state/memory/memory-store.js';
import { silentLogger } from '../../../src/telemetry/logger.js';
import { defineReplicaContract, type ReplicaFactory } from '../../contract/replica-contract.js';
import { removePoolContainers } from '../../support/docker-cleanup.js';
import { dockerGate } from '../../support/docker-gate.js';
import { poolPolicy } from '../../support/pool-policy.js';
import { dockerClient, sharedDockerd } from '../../support/shared-dockerd.js';

const factory: ReplicaFactory = async () => {
  const daemon = await sharedDockerd();
  const docker = dockerClient(daemon);
  const pool = poolPolicy(`rc-${randomBytes(3).toString('hex')}`, { capacity: 'replica' });
  const config: DockerProviderConfig = {
    type: 'docker',
    mode: 'replica',
    image: daemon.image,
    env: { FAKE_RUNNER_MODE: 'sleep' },
    networkMode: 'host',
    stopTimeout: 5_000,
  };
  const provider = dockerProviderModule.create(config, {
    logger: silentLogger,
    env: { DOCKER_HOST: daemon.host },
    clock: Date.now,
    pool,
    memo: storeMemo(createMemoryStore({ clock: Date.now }), pool.name),
  });
  if (provider.capacity !== 'replica') throw new Error('mode: replica did not give a replica provider');
  const replicas: ReplicaProvider = provider;
  return {
    provider: replicas,
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
