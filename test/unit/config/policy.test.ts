import { describe, expect, it } from 'vitest';
import { toPolicy, validateConfig } from '../../../src/config/index.js';
import type { PoolPolicy } from '../../../src/core/types.js';
import { doc, pool } from './helpers.js';

function policyOf(overrides: Record<string, unknown>): PoolPolicy {
  const [first] = validateConfig(doc(pool(overrides)), {}).pools;
  if (first === undefined) throw new Error('no pool');
  return toPolicy(first);
}

describe('toPolicy', () => {
  it('maps a github pool with defaults to the core policy, durations in ms', () => {
    expect(policyOf({ name: 'linux-docker' })).toEqual({
      name: 'linux-docker',
      min: 0,
      max: 10,
      warm: 0,
      priority: 0,
      mode: 'enabled',
      scaleUpAfterMs: 0,
      scaleDownAfterMs: 120_000,
      scaleDownCooldownMs: 300_000,
      bootTimeoutMs: 600_000,
      maxLifetimeMs: 86_400_000,
      slotsPerWorker: 1,
      slotsPerJob: {},
      labels: ['self-hosted', 'linux'],
      victimOrder: 'oldest',
      maxAttempts: 3,
      capacity: 'ephemeral',
    } satisfies PoolPolicy);
  });

  it('carries explicit values, the manual target and the preset', () => {
    const policy = policyOf({
      min: 1,
      max: 6,
      warm: 2,
      priority: -1,
      policy: 'aggressive',
      scaleUp: { after: '15s' },
      scaleDown: { cooldown: '1m' },
      bootTimeout: '5m',
      maxLifetime: '8h',
      slots: { perWorker: 4, perJob: { apply: 4, plan: 1 } },
      mode: 'manual',
      manualTarget: 3,
      victimOrder: 'newest',
      maxAttempts: 5,
    });
    expect(policy).toMatchObject({
      min: 1,
      max: 6,
      warm: 2,
      priority: -1,
      mode: 'manual',
      manualTarget: 3,
      scaleUpAfterMs: 15_000,
      scaleDownCooldownMs: 60_000,
      scaleDownAfterMs: 30_000,
      bootTimeoutMs: 300_000,
      maxLifetimeMs: 28_800_000,
      slotsPerWorker: 4,
      slotsPerJob: { apply: 4, plan: 1 },
      victimOrder: 'newest',
      maxAttempts: 5,
    });
  });

  it('leaves manualTarget and labels out when they do not apply (TFC has no labels)', () => {
    const policy = policyOf({ source: { type: 'tfc', organization: 'o', agentPool: 'p', token: 't' } });
    expect('labels' in policy).toBe(false);
    expect('manualTarget' in policy).toBe(false);
  });

  it.each([
    [{ type: 'ecs', region: 'us-east-1', cluster: 'c', service: 's' }, 'replica'],
    [{ type: 'kubernetes', deployment: 'tfc-agent' }, 'replica'],
    [{ type: 'kubernetes', image: 'runner' }, 'ephemeral'],
    [{ type: 'ec2', region: 'us-east-1', launchTemplate: 'lt-1' }, 'ephemeral'],
    [{ type: 'memory' }, 'ephemeral'],
  ])('derives capacity from the provider %j', (provider, capacity) => {
    expect(policyOf({ provider }).capacity).toBe(capacity);
  });
});
