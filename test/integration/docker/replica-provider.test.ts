/**
 * The Docker provider in replica mode against the isolated test dockerd: what the agent
 * containers get, that protection (kept in the provider memo) is what decides removal, and
 * that nothing outside the pool's one service is touched.
 */
import { randomBytes } from 'node:crypto';
import type Dockerode from 'dockerode';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DockerProviderConfig } from '../../../src/config/docker-schema.js';
import { ProviderError } from '../../../src/core/errors.js';
import type { PoolPolicy } from '../../../src/core/types.js';
import { storeMemo } from '../../../src/engine/provider-memo.js';
import { createDockerProvider } from '../../../src/providers/docker/index.js';
import { PROTECTION_KEY } from '../../../src/providers/docker/replica-model.js';
import type { ProviderMemo, Replica, ReplicaProvider } from '../../../src/providers/provider.js';
import { createMemoryStore } from '../../../src/state/memory/memory-store.js';
import { silentLogger, type Logger } from '../../../src/telemetry/logger.js';
import { captureLogger } from '../../support/capture-logger.js';
import { removePoolContainers } from '../../support/docker-cleanup.js';
import { dockerGate } from '../../support/docker-gate.js';
import { dockerReplicaConfig, dockerReplicaProvider } from '../../support/docker-replica.js';
import type { SharedDaemon } from '../../support/dockerd-share.js';
import { poolPolicy } from '../../support/pool-policy.js';
import { dockerClient, sharedDockerd } from '../../support/shared-dockerd.js';

const gate = dockerGate();
const AGENT_TOKEN = `agent-token-${randomBytes(8).toString('hex')}`;

/** Never the same reading twice, so replicas created one after the other have distinct createdAt. */
function monotonicClock(): () => number {
  let last = 0;
  return () => (last = Math.max(Date.now(), last + 1));
}

/** A memo that runs `hook` once, right after the next read of the protection record. */
function hookedMemo(inner: ProviderMemo): ProviderMemo & { afterNextRead(hook: () => Promise<void>): void } {
  let hook: (() => Promise<void>) | undefined;
  return {
    async get(key) {
      const value = await inner.get(key);
      const run = key === PROTECTION_KEY ? hook : undefined;
      if (run !== undefined) {
        hook = undefined;
        await run();
      }
      return value;
    },
    update: (key, change) => inner.update(key, change),
    afterNextRead(next) {
      hook = next;
    },
  };
}

describe.skipIf(gate.skip)(gate.title('docker replica provider'), () => {
  let daemon: SharedDaemon;
  let docker: Dockerode;
  const run = randomBytes(3).toString('hex');
  const pool = poolPolicy(`rp-${run}`, { capacity: 'replica' });
  const other = poolPolicy(`rp-${run}-other`, { capacity: 'replica' });
  const clock = monotonicClock();

  beforeAll(async () => {
    daemon = await sharedDockerd();
    docker = dockerClient(daemon);
  });
  afterEach(() => removePoolContainers(docker, [pool.name, other.name]));

  function replicaProvider(
    options: {
      memo?: ProviderMemo;
      config?: Partial<DockerProviderConfig>;
      logger?: Logger;
      policy?: PoolPolicy;
    } = {},
  ): ReplicaProvider {
    return dockerReplicaProvider(daemon, options.policy ?? pool, { ...options, clock });
  }

  async function replicasOf(p: ReplicaProvider, policy: PoolPolicy = pool): Promise<readonly Replica[]> {
    const [service, ...rest] = await p.describe(policy);
    expect(rest).toEqual([]);
    if (service === undefined) throw new Error('describe returned no service');
    return service.replicas;
  }

  /** Scales to n and returns the replica names, newest first. */
  async function scaleTo(p: ReplicaProvider, n: number, policy: PoolPolicy = pool): Promise<string[]> {
    await p.setDesired(policy, policy.name, n);
    const replicas = [...(await replicasOf(p, policy))].sort((a, b) => b.createdAt - a.createdAt);
    expect(replicas.map((r) => r.state)).toEqual(Array.from({ length: n }, () => 'running'));
    return replicas.map((r) => r.id);
  }

  async function namesOf(p: ReplicaProvider): Promise<string[]> {
    return (await replicasOf(p)).map((r) => r.id).sort();
  }

  it('docker replica: an agent container is named by TFC_AGENT_NAME, labelled, and restarts unless stopped', async () => {
    const logger = captureLogger();
    const p = replicaProvider({
      logger,
      // A TFC_AGENT_NAME in env would break the join by name: the container's name wins.
      config: { env: { FAKE_RUNNER_MODE: 'sleep', TFC_AGENT_TOKEN: AGENT_TOKEN, TFC_AGENT_NAME: 'forged' } },
    });
    const [name] = await scaleTo(p, 1);
    if (name === undefined) throw new Error('no replica');
    expect(name).toMatch(new RegExp(`^${pool.name}-agent-[0-9a-f]{8}$`));
    const [replica] = await replicasOf(p);
    expect(replica).toMatchObject({ id: name, agentName: name, state: 'running' });
    // Host networking: the container has no address of its own.
    expect(replica?.ip).toBeUndefined();

    const info = await docker.getContainer(name).inspect();
    expect(info.Config.Env).toEqual(
      expect.arrayContaining([
        `TFC_AGENT_NAME=${name}`,
        `TFC_AGENT_TOKEN=${AGENT_TOKEN}`,
        'FAKE_RUNNER_MODE=sleep',
      ]),
    );
    expect(info.Config.Env).not.toContain('TFC_AGENT_NAME=forged');
    expect(info.Config.Labels).toMatchObject({
      'ci-scaler.pool': pool.name,
      'ci-scaler.replica': pool.name,
      'ci-scaler.worker': name,
      'ci-scaler.created-by': 'ci-scaler',
    });
    expect(info.HostConfig).toMatchObject({ NetworkMode: 'host', RestartPolicy: { Name: 'unless-stopped' } });
    expect(Date.parse(info.Config.Labels['ci-scaler.created-at'] ?? '')).toBe(replica?.createdAt);
    expect(logger.text()).toContain('TFC_AGENT_TOKEN');
    expect(logger.text()).not.toContain(AGENT_TOKEN);
  });

  it('docker replica: protected replicas survive every lowering, down to 0; the count stays above the request', async () => {
    const p = replicaProvider();
    const [newest, second, third, oldest] = await scaleTo(p, 4);
    if (newest === undefined || second === undefined || third === undefined || oldest === undefined)
      throw new Error('expected 4 replicas');
    // The newest are the first a newest-first order would take.
    const result = await p.setProtection(pool, pool.name, [newest, third], true);
    expect([...result.done].sort()).toEqual([newest, third].sort());

    await p.setDesired(pool, pool.name, 3);
    expect(await namesOf(p)).toEqual([newest, third, oldest].sort());
    await p.setDesired(pool, pool.name, 0);
    expect(await namesOf(p)).toEqual([newest, third].sort());
    const [service] = await p.describe(pool);
    expect(service).toMatchObject({ desired: 2, running: 2, pending: 0 });
    await p.setDesired(pool, pool.name, 1);
    expect(await namesOf(p)).toEqual([newest, third].sort());

    // Protection off: that replica is removable again, the other still is not.
    await p.setProtection(pool, pool.name, [third], false);
    await p.setDesired(pool, pool.name, 0);
    expect(await namesOf(p)).toEqual([newest]);
  });

  it('docker replica: protection another instance sets during a scale-in is honoured at removal time', async () => {
    const shared = storeMemo(createMemoryStore({ clock }), pool.name);
    const memo = hookedMemo(shared);
    const first = replicaProvider({ memo });
    const second = replicaProvider({ memo: shared });
    const [newest, next, older, oldest] = await scaleTo(first, 4);
    if (newest === undefined || next === undefined || older === undefined || oldest === undefined)
      throw new Error('expected 4 replicas');
    // The second process protects `next` (its agent took a run) after the first read the
    // record for its first removal: only a read before each removal can see it.
    memo.afterNextRead(async () => {
      const result = await second.setProtection(pool, pool.name, [next], true);
      expect(result.done).toEqual([next]);
    });
    await first.setDesired(pool, pool.name, 2);
    expect(await namesOf(first)).toEqual([next, oldest].sort());
  });

  it('docker replica: a service other than the pool is refused with 404 before any engine call', async () => {
    // An engine that does not exist: an engine call would fail with a connection error, not 404.
    const p = replicaProvider({ config: { host: 'unix:///nonexistent/ci-scaler/docker.sock' } });
    const stranger = `${pool.name}-spot`;
    for (const call of [
      () => p.setDesired(pool, stranger, 1),
      () => p.setProtection(pool, stranger, ['x'], true),
      () => p.stopReplica(pool, stranger, 'x'),
    ]) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProviderError);
      expect(error).toMatchObject({ status: 404, message: expect.stringContaining(stranger) as unknown });
    }
  });

  it("docker replica: the pool's ephemeral containers and another pool's replicas are never touched", async () => {
    const memo = storeMemo(createMemoryStore({ clock }), pool.name);
    const p = replicaProvider({ memo });
    const theirs = replicaProvider({ policy: other });
    const theirReplicas = await scaleTo(theirs, 2, other);
    const ephemeral = createDockerProvider(dockerReplicaConfig(daemon, { mode: 'ephemeral' }), {
      env: { DOCKER_HOST: daemon.host },
      logger: silentLogger,
      clock,
    });
    const worker = `${pool.name}-301-1`;
    await ephemeral.launch({ pool: pool.name, name: worker, jobId: '301', env: {} });
    const own = await scaleTo(p, 2);

    expect(await namesOf(p)).toEqual([...own].sort());
    const strangers = [worker, ...theirReplicas];
    const result = await p.setProtection(pool, pool.name, [...own, ...strangers], true);
    expect([...result.done].sort()).toEqual([...own].sort());
    expect(result.failed.map((f) => f.id).sort()).toEqual([...strangers].sort());
    expect(Object.keys((await memo.get(PROTECTION_KEY)) as object).sort()).toEqual([...own].sort());
    for (const id of strangers) {
      await expect(p.stopReplica(pool, pool.name, id)).rejects.toMatchObject({ status: 409 });
    }
    await p.setProtection(pool, pool.name, own, false);
    await p.setDesired(pool, pool.name, 0);

    expect(await replicasOf(p)).toEqual([]);
    for (const name of strangers)
      expect((await docker.getContainer(name).inspect()).State.Running).toBe(true);
    expect((await replicasOf(theirs, other)).map((r) => r.id).sort()).toEqual([...theirReplicas].sort());
    expect((await ephemeral.list(pool)).map((m) => m.name)).toEqual([worker]);
  });

  it('docker replica: a replica stopped by hand is stopping and uncounted; setDesired removes it and replaces it', async () => {
    const p = replicaProvider();
    const [stopped, kept] = await scaleTo(p, 2);
    if (stopped === undefined || kept === undefined) throw new Error('expected 2 replicas');
    await docker.getContainer(stopped).stop({ t: 5 });
    const replicas = new Map((await replicasOf(p)).map((r) => [r.id, r.state]));
    expect(replicas).toEqual(
      new Map([
        [stopped, 'stopping'],
        [kept, 'running'],
      ]),
    );
    expect((await p.describe(pool))[0]).toMatchObject({ desired: 1, running: 1 });

    await p.setDesired(pool, pool.name, 2);
    const after = await replicasOf(p);
    expect(after.map((r) => r.id)).not.toContain(stopped);
    expect(after.map((r) => r.id)).toContain(kept);
    expect(after.map((r) => r.state)).toEqual(['running', 'running']);
  });

  it('docker replica: stopReplica of a running replica starts a replacement, of an exited one does not', async () => {
    const p = replicaProvider();
    const [broken, exited, healthy] = await scaleTo(p, 3);
    if (broken === undefined || exited === undefined || healthy === undefined) throw new Error('expected 3');
    await p.stopReplica(pool, pool.name, broken);
    let names = await namesOf(p);
    expect(names).toHaveLength(3);
    expect(names).not.toContain(broken);

    await docker.getContainer(exited).stop({ t: 5 });
    await p.stopReplica(pool, pool.name, exited);
    names = await namesOf(p);
    expect(names).toHaveLength(2);
    expect(names).not.toContain(exited);
    expect(names).toContain(healthy);
  });

  it('docker replica: a malformed protection record stops describe and scale-in, and removes nothing', async () => {
    const memo = storeMemo(createMemoryStore({ clock }), pool.name);
    const p = replicaProvider({ memo });
    const names = await scaleTo(p, 2);
    await memo.update(PROTECTION_KEY, () => ['not', 'a', 'record']);
    await expect(p.describe(pool)).rejects.toThrow(/protection record .* is malformed/);
    await expect(p.setDesired(pool, pool.name, 0)).rejects.toBeInstanceOf(ProviderError);
    const left = await docker.listContainers({ filters: { label: [`ci-scaler.pool=${pool.name}`] } });
    expect(left.map((c) => c.Names[0]?.slice(1)).sort()).toEqual([...names].sort());
  });

  it('docker replica: a protection record that cannot be written reports every replica failed', async () => {
    const memo = storeMemo(createMemoryStore({ clock }), pool.name);
    const failing: ProviderMemo = {
      get: (key) => memo.get(key),
      update: () => Promise.reject(new Error('state store down')),
    };
    const p = replicaProvider({ memo: failing });
    const names = await scaleTo(p, 2);
    const result = await p.setProtection(pool, pool.name, [...names, 'no-such-replica'], true);
    expect(result.done).toEqual([]);
    expect(result.failed.map((f) => f.id).sort()).toEqual([...names, 'no-such-replica'].sort());
    expect(result.failed.find((f) => f.id === names[0])?.reason).toContain('state store down');
  });

  it('docker replica: an invalid count is refused and changes nothing', async () => {
    const p = replicaProvider();
    await scaleTo(p, 1);
    for (const n of [-1, 1.5]) {
      await expect(p.setDesired(pool, pool.name, n)).rejects.toMatchObject({ status: 400 });
    }
    expect(await namesOf(p)).toHaveLength(1);
  });

  it('docker replica: doctor checks the engine and the agent image', async () => {
    const ok = await replicaProvider().doctor?.(pool);
    expect(ok?.map((c) => [c.name, c.ok])).toEqual([
      ['Docker engine answers', true],
      ['runner image present', true],
    ]);
    const missing = await replicaProvider({ config: { image: 'ci-scaler-test/absent:nope' } }).doctor?.(pool);
    expect(missing?.map((c) => c.ok)).toEqual([true, false]);
  });
});
