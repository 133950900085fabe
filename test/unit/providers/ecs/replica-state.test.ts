/** Mapping a described task to a Replica (pure). */
import type { Task } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import {
  declaredAgentName,
  eniAddress,
  protectedUntil,
  replicaState,
  taskIdOf,
  toReplica,
} from '../../../../src/providers/ecs/replica-state.js';

const ARN = 'arn:aws:ecs:eu-west-1:123456789012:task/ci-agents/0123456789abcdef0123456789abcdef';

describe('ECS replica state', () => {
  it('the task id is the last part of the ARN (new and old formats)', () => {
    expect(taskIdOf(ARN)).toBe('0123456789abcdef0123456789abcdef');
    expect(taskIdOf('arn:aws:ecs:eu-west-1:123456789012:task/abc')).toBe('abc');
    expect(taskIdOf('abc')).toBe('abc');
  });

  it.each([
    ['PROVISIONING', 'starting'],
    ['PENDING', 'starting'],
    ['ACTIVATING', 'starting'],
    ['RUNNING', 'running'],
    ['DEACTIVATING', 'stopping'],
    ['STOPPING', 'stopping'],
    ['DEPROVISIONING', 'stopping'],
    ['STOPPED', 'stopping'],
    ['SOMETHING_NEW', 'running'],
  ] as const)('lastStatus %s -> %s', (status, state) => {
    expect(replicaState(status, 'RUNNING')).toBe(state);
  });

  it('a running task asked to stop is stopping', () => {
    expect(replicaState('RUNNING', 'STOPPED')).toBe('stopping');
  });

  it('the IP comes only from an ElasticNetworkInterface attachment', () => {
    const task: Task = {
      attachments: [
        { type: 'Service Connect', details: [{ name: 'privateIPv4Address', value: '192.168.0.1' }] },
        {
          type: 'ElasticNetworkInterface',
          details: [
            { name: 'subnetId', value: 'subnet-1' },
            { name: 'privateIPv4Address', value: '10.1.2.3' },
          ],
        },
      ],
    };
    expect(eniAddress(task)).toBe('10.1.2.3');
    expect(eniAddress({ attachments: [{ type: 'ElasticNetworkInterface', details: [] }] })).toBeUndefined();
    expect(eniAddress({})).toBeUndefined();
  });

  it('the agent name comes from a container override of TFC_AGENT_NAME', () => {
    const task: Task = {
      overrides: {
        containerOverrides: [
          { name: 'sidecar', environment: [{ name: 'X', value: '1' }] },
          { name: 'agent', environment: [{ name: 'TFC_AGENT_NAME', value: 'agent-7' }] },
        ],
      },
    };
    expect(declaredAgentName(task)).toBe('agent-7');
    expect(declaredAgentName({ overrides: { containerOverrides: [{ name: 'agent' }] } })).toBeUndefined();
  });

  it('protectedUntil is the expiry of an enabled protection only', () => {
    const expirationDate = new Date(5_000);
    expect(protectedUntil({ protectionEnabled: true, expirationDate }, 9)).toBe(5_000);
    expect(protectedUntil({ protectionEnabled: false, expirationDate }, 9)).toBeUndefined();
    expect(protectedUntil(undefined, 9)).toBeUndefined();
    expect(protectedUntil({ protectionEnabled: true }, 9)).toBe(9);
  });

  it('createdAt from createdAt, else startedAt, else now', () => {
    const base = { taskArn: ARN, lastStatus: 'RUNNING' };
    expect(
      toReplica({ ...base, createdAt: new Date(1_000), startedAt: new Date(2_000) }, undefined, 7, 0)
        .createdAt,
    ).toBe(1_000);
    expect(toReplica({ ...base, startedAt: new Date(2_000) }, undefined, 7, 0).createdAt).toBe(2_000);
    expect(toReplica(base, undefined, 7, 0)).toEqual({ id: taskIdOf(ARN), state: 'running', createdAt: 7 });
  });
});
