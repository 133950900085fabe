/** Unit tests (no daemon): replica containers, their service, the protection record and the scale-in order. */
import type Dockerode from 'dockerode';
import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../../../src/core/errors.js';
import { containerCreateOptions } from '../../../../src/providers/docker/container-spec.js';
import { scaleInOrder } from '../../../../src/providers/scale-in-order.js';
import {
  containerIp,
  createdAtOf,
  parseProtection,
  PROTECTION_MS,
  protectedUntil,
  replicaState,
  toReplica,
  toService,
  updatedProtection,
} from '../../../../src/providers/docker/replica-model.js';
import type { Replica } from '../../../../src/providers/provider.js';

const T0 = Date.parse('2026-11-22T10:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

function info(name: string, extra: Partial<Dockerode.ContainerInfo> = {}): Dockerode.ContainerInfo {
  return {
    Id: `id-${name}`,
    Names: [`/${name}`],
    State: 'running',
    Status: 'Up 3 seconds',
    Created: T0 / 1000,
    Labels: { 'ci-scaler.pool': 'p', 'ci-scaler.replica': 'p' },
    NetworkSettings: { Networks: {} },
    ...extra,
  } as Partial<Dockerode.ContainerInfo> as Dockerode.ContainerInfo;
}

function replica(id: string, state: Replica['state'], createdAt: number): Replica {
  return { id, state, createdAt };
}

describe('docker replica container spec', () => {
  const config = { image: 'agent:1', stopTimeout: 30_000, labels: { team: 'ci' } };
  const spec = { pool: 'p', name: 'p-agent-1', env: { TFC_AGENT_NAME: 'p-agent-1' } };

  it('labels a replica with its service and creation time, and restarts it unless stopped', () => {
    const options = containerCreateOptions(config, spec, { service: 'p', createdAt: T0 });
    expect(options.Labels).toEqual({
      team: 'ci',
      'ci-scaler.pool': 'p',
      'ci-scaler.worker': 'p-agent-1',
      'ci-scaler.replica': 'p',
      'ci-scaler.created-at': '2026-11-22T10:00:00.000Z',
      'ci-scaler.created-by': 'ci-scaler',
    });
    expect(options.HostConfig).toEqual({ RestartPolicy: { Name: 'unless-stopped' } });
  });

  it('gives an ephemeral worker no replica label and no restart policy', () => {
    const options = containerCreateOptions(config, spec);
    expect(options.Labels).not.toHaveProperty('ci-scaler.replica');
    expect(options.Labels).not.toHaveProperty('ci-scaler.created-at');
    expect(options.HostConfig).not.toHaveProperty('RestartPolicy');
  });

  it("lets the replica's TFC_AGENT_NAME win over one in the config's env", () => {
    const options = containerCreateOptions({ ...config, env: { TFC_AGENT_NAME: 'forged', A: '1' } }, spec);
    expect(options.Env).toEqual(['TFC_AGENT_NAME=p-agent-1', 'A=1']);
  });
});

describe('docker replica state', () => {
  it.each([
    ['created', 'starting'],
    ['restarting', 'starting'],
    ['running', 'running'],
    ['paused', 'running'],
    ['removing', 'stopping'],
    ['exited', 'stopping'],
    ['dead', 'stopping'],
  ] as const)('%s -> %s', (state, expected) => {
    expect(replicaState(state)).toBe(expected);
  });

  it('takes the first address Docker gave the container, none with host networking', () => {
    const network = (IPAddress: string) => ({ IPAddress }) as Dockerode.NetworkInfo;
    expect(containerIp({ NetworkSettings: { Networks: { host: network('') } } })).toBeUndefined();
    expect(containerIp({ NetworkSettings: { Networks: { agents: network('10.1.2.3') } } })).toBe('10.1.2.3');
    expect(containerIp({ NetworkSettings: { Networks: { a: network(''), b: network('10.0.0.9') } } })).toBe(
      '10.0.0.9',
    );
    expect(containerIp({} as Pick<Dockerode.ContainerInfo, 'NetworkSettings'>)).toBeUndefined();
  });

  it("reads the creation time from the label (ms), else from Docker's whole seconds", () => {
    expect(createdAtOf({ Created: T0 / 1000, Labels: { 'ci-scaler.created-at': iso(T0 + 123) } })).toBe(
      T0 + 123,
    );
    expect(createdAtOf({ Created: T0 / 1000, Labels: {} })).toBe(T0);
    expect(createdAtOf({ Created: T0 / 1000, Labels: { 'ci-scaler.created-at': 'yesterday' } })).toBe(T0);
  });
});

describe('docker replica protection record', () => {
  it('reads absent as nothing protected and refuses anything that is not { name: ISO time }', () => {
    expect(parseProtection(undefined)).toEqual({});
    expect(parseProtection({ a: iso(T0) })).toEqual({ a: iso(T0) });
    for (const bad of [[], 'a', 3, { a: 3 }, { a: 'soon' }]) {
      expect(() => parseProtection(bad)).toThrow(ProviderError);
    }
  });

  it('protects only while the time is ahead', () => {
    const record = { a: iso(T0 + 1), b: iso(T0) };
    expect(protectedUntil(record, 'a', T0)).toBe(T0 + 1);
    expect(protectedUntil(record, 'b', T0)).toBeUndefined();
    expect(protectedUntil(record, 'c', T0)).toBeUndefined();
  });

  it('sets the period from now, clears on unprotect, keeps live entries of others, drops expired ones', () => {
    const record = { mine: iso(T0 + 5), other: iso(T0 + 60_000), expired: iso(T0 - 1) };
    const on = updatedProtection(record, ['mine', 'new'], true, T0);
    expect(on).toEqual({
      mine: iso(T0 + PROTECTION_MS),
      new: iso(T0 + PROTECTION_MS),
      other: iso(T0 + 60_000),
    });
    expect(updatedProtection(on, ['mine'], false, T0)).toEqual({
      new: iso(T0 + PROTECTION_MS),
      other: iso(T0 + 60_000),
    });
    expect(record).toHaveProperty('expired');
  });
});

describe('docker replica service', () => {
  it('counts live containers as desired, joins agents by the container name, and reports protection', () => {
    const infos = [
      info('p-agent-a', { State: 'running', Labels: { 'ci-scaler.created-at': iso(T0 + 1) } }),
      info('p-agent-b', { State: 'restarting' }),
      info('p-agent-c', { State: 'exited' }),
    ];
    const service = toService('p', infos, { 'p-agent-a': iso(T0 + 60_000), 'p-agent-b': iso(T0 - 1) }, T0);
    expect(service).toMatchObject({
      name: 'p',
      capacityClass: 'regular',
      desired: 2,
      running: 1,
      pending: 1,
    });
    expect(service.replicas).toEqual([
      {
        id: 'p-agent-a',
        agentName: 'p-agent-a',
        state: 'running',
        createdAt: T0 + 1,
        protectedUntil: T0 + 60_000,
      },
      { id: 'p-agent-b', agentName: 'p-agent-b', state: 'starting', createdAt: T0 },
      { id: 'p-agent-c', agentName: 'p-agent-c', state: 'stopping', createdAt: T0 },
    ]);
  });

  it('reports the IP of a container on a network', () => {
    const networked = info('p-agent-a', {
      NetworkSettings: { Networks: { agents: { IPAddress: '10.1.2.3' } as Dockerode.NetworkInfo } },
    });
    expect(toReplica(networked, {}, T0).ip).toBe('10.1.2.3');
  });

  it('removes starting replicas first, then the newest, never one already stopping', () => {
    const order = scaleInOrder([
      replica('old', 'running', T0),
      replica('new', 'running', T0 + 2),
      replica('mid', 'running', T0 + 1),
      replica('booting', 'starting', T0 - 5),
      replica('gone', 'stopping', T0 + 9),
    ]);
    expect(order.map((r) => r.id)).toEqual(['booting', 'new', 'mid', 'old']);
  });
});
