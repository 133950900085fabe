/**
 * A hygiene stop of a Docker replica (one that never registered within bootTimeout) in a
 * decision that also lowers the count. Found by review: the stop started a replacement
 * container at once, as an ECS service would, and the decision's set-desired then removed
 * it again: a container started and stopped for nothing on every such repair. The stop
 * now leaves the count to the set-desired that follows.
 */
import { randomBytes } from 'node:crypto';
import type Dockerode from 'dockerode';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { decide } from '../../../src/core/decide.js';
import { execute } from '../../../src/engine/executor.js';
import { observePool } from '../../../src/engine/observe.js';
import type { PoolRuntime } from '../../../src/engine/pool-runtime.js';
import { storeMemo } from '../../../src/engine/provider-memo.js';
import type { Source } from '../../../src/sources/source.js';
import { createMemoryStore } from '../../../src/state/memory/memory-store.js';
import { silentLogger } from '../../../src/telemetry/logger.js';
import { removePoolContainers } from '../../support/docker-cleanup.js';
import { dockerGate } from '../../support/docker-gate.js';
import { dockerReplicaProvider } from '../../support/docker-replica.js';
import type { SharedDaemon } from '../../support/dockerd-share.js';
import { poolPolicy } from '../../support/pool-policy.js';
import { dockerClient, sharedDockerd } from '../../support/shared-dockerd.js';

const gate = dockerGate();
const MIN = 60_000;

describe.skipIf(gate.skip)(gate.title('docker replica: a hygiene stop while the count goes down'), () => {
  let daemon: SharedDaemon;
  let docker: Dockerode;
  const pool = poolPolicy(`rhs-${randomBytes(3).toString('hex')}`, {
    capacity: 'replica',
    min: 2,
    bootTimeoutMs: 10 * MIN,
  });

  beforeAll(async () => {
    daemon = await sharedDockerd();
    docker = dockerClient(daemon);
  });
  afterEach(() => removePoolContainers(docker, [pool.name]));

  it('stopping a boot-timed-out replica while lowering the count creates no container that is removed at once', async () => {
    const store = createMemoryStore({ clock: Date.now });
    let created = 0;
    const provider = dockerReplicaProvider(daemon, pool, {
      config: { stopTimeout: 1_000 },
      memo: storeMemo(store, pool.name),
      suffix: () => `n${++created}`,
    });

    await provider.setDesired(pool, pool.name, 3);
    const names = [`${pool.name}-agent-n1`, `${pool.name}-agent-n2`, `${pool.name}-agent-n3`];
    // n1 and n2 registered and idle; n3 never registered (past bootTimeout below).
    const source: Source = {
      type: 'fake',
      scope: 'fake',
      snapshot: () =>
        Promise.resolve({
          jobs: [],
          registrations: names.slice(0, 2).map((name) => ({ name, online: true, busy: false })),
          apiCalls: 0,
        }),
      register: () => Promise.reject(new Error('unused')),
      deregister: () => Promise.reject(new Error('unused')),
    };
    const runtime: PoolRuntime = { policy: pool, source, provider, service: pool.name };
    const now = Date.now() + 30 * MIN;
    const observed = await observePool(runtime, [runtime], { version: 1 }, now, () =>
      Promise.resolve(new Map()),
    );
    const decision = decide(observed.observation, pool);
    expect(decision.actions.map((a) => a.type)).toEqual(['terminate', 'set-desired']);

    const before = created;
    const outcomes = await execute(
      { runtime, store, clock: Date.now, logger: silentLogger, maskSecret: () => undefined, secrets: [] },
      decision,
    );
    // The stop took the count to what the decision asks: the set-desired has nothing to do.
    expect(outcomes.map((o) => `${o.type} ${o.result} ${o.detail}`)).toEqual([
      'terminate ok stopped',
      'set-desired skipped desired stays 2',
    ]);
    const left = (
      await docker.listContainers({ all: true, filters: { label: [`ci-scaler.pool=${pool.name}`] } })
    )
      .map((i) => i.Names[0]?.replace(/^\//, ''))
      .sort();
    expect(left).toEqual(names.slice(0, 2));
    expect(created - before, 'containers created (and then removed) by one hygiene repair').toBe(0);
  });
});
