import { describe, expect, it } from 'vitest';
import { toPolicy, toUnits, validateConfig } from '../../../src/config/index.js';
import type { PoolPolicy } from '../../../src/core/types.js';
import { doc, pool, problemsOfDoc } from './helpers.js';

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

  it('carries the EC2 labelSelection as the labels a job may add to choose its machine', () => {
    const provider = {
      type: 'ec2',
      region: 'us-east-1',
      launchTemplate: 'lt-1',
      labelSelection: ['cpu', 'disk'],
    };
    expect(policyOf({ provider }).selectionLabels).toEqual(['cpu', 'disk']);
    expect('selectionLabels' in policyOf({ provider: { ...provider, labelSelection: [] } })).toBe(false);
  });

  it.each([
    [{ type: 'ecs', region: 'us-east-1', cluster: 'c', services: [{ name: 's' }] }, 'replica'],
    [{ type: 'kubernetes', deployment: 'tfc-agent' }, 'replica'],
    [{ type: 'kubernetes', image: 'runner' }, 'ephemeral'],
    [{ type: 'docker', image: 'agent', mode: 'replica' }, 'replica'],
    [{ type: 'ec2', region: 'us-east-1', launchTemplate: 'lt-1' }, 'ephemeral'],
    [{ type: 'memory' }, 'ephemeral'],
  ])('derives capacity from the provider %j', (provider, capacity) => {
    expect(policyOf({ provider }).capacity).toBe(capacity);
  });
});

describe('toUnits (replica pools with capacity classes)', () => {
  const tfc = { type: 'tfc', organization: 'o', agentPool: 'p', token: 't' };
  const ecs = (services: unknown[]) => ({ type: 'ecs', region: 'eu-west-1', cluster: 'agents', services });

  it('schedules each service of a multi-service pool on its own, with its bounds and timing', () => {
    const config = validateConfig(
      doc(
        pool({
          name: 'tfc',
          source: tfc,
          max: 8,
          provider: ecs([
            { name: 'agents', class: 'regular', min: 1, max: 4 },
            { name: 'agents-spot', class: 'spot', scaleDown: { cooldown: '1m' } },
          ]),
          kinds: { plan: 'spot', apply: 'regular' },
        }),
      ),
      {},
    );
    const [first] = config.pools;
    if (first === undefined) throw new Error('no pool');
    const units = toUnits(first);
    expect(
      units.map((u) => [u.service, u.policy.name, u.policy.capacityClass, u.policy.min, u.policy.max]),
    ).toEqual([
      ['agents', 'tfc-regular', 'regular', 1, 4],
      ['agents-spot', 'tfc-spot', 'spot', 0, 8],
    ]);
    expect(units[1]?.policy.scaleDownCooldownMs).toBe(60_000);
    expect(units[0]?.policy.scaleDownCooldownMs).toBe(300_000);
    expect(units[1]?.policy.kinds).toEqual({ plan: 'spot', apply: 'regular' });
  });

  it('applies a manual target to each service, within that service\'s max (README, "Replica services")', () => {
    const [first] = validateConfig(
      doc(
        pool({
          name: 'tfc',
          source: tfc,
          max: 8,
          mode: 'manual',
          manualTarget: 2,
          provider: ecs([
            { name: 'agents', class: 'regular' },
            { name: 'agents-spot', class: 'spot', max: 1 },
          ]),
        }),
      ),
      {},
    ).pools;
    if (first === undefined) throw new Error('no pool');
    expect(toUnits(first).map((u) => [u.policy.name, u.policy.manualTarget])).toEqual([
      ['tfc-regular', 2],
      ['tfc-spot', 1],
    ]);
  });

  it('keeps the pool name and every job for a single service', () => {
    const [first] = validateConfig(
      doc(pool({ name: 'one', source: tfc, min: 2, provider: ecs([{ name: 's' }]) })),
      {},
    ).pools;
    if (first === undefined) throw new Error('no pool');
    const [unit] = toUnits(first);
    expect(unit?.policy).toMatchObject({ name: 'one', min: 2, capacity: 'replica' });
    expect(unit?.policy.capacityClass).toBeUndefined();
  });

  it('reports classes that kinds names but no service has, duplicate classes, and a missing regular class', () => {
    expect(
      problemsOfDoc(
        doc(
          pool({
            source: tfc,
            provider: ecs([
              { name: 'a', class: 'spot' },
              { name: 'b', class: 'spot' },
            ]),
          }),
        ),
      ),
    ).toEqual([
      'pools[0].provider.services[1].class: class "spot" is used by another service',
      'pools[0].provider.services: one service must have class "regular" (jobs of unlisted kinds go there)',
    ]);
    const services = [{ name: 'a' }, { name: 'b', class: 'spot' }];
    expect(
      problemsOfDoc(doc(pool({ source: tfc, provider: ecs(services), kinds: { plan: 'fast' } }))),
    ).toEqual(['pools[0].kinds.plan: no service of class "fast" (classes: regular, spot)']);
    expect(problemsOfDoc(doc(pool({ kinds: { plan: 'spot' } })))).toEqual([
      'pools[0].kinds: provider type docker has no capacity classes (only ecs services do)',
    ]);
  });

  it('reports a service unit whose name another pool has', () => {
    const problems = problemsOfDoc(
      doc(
        pool({ name: 'tfc', source: tfc, provider: ecs([{ name: 'a' }, { name: 'b', class: 'spot' }]) }),
        pool({ name: 'tfc-spot' }),
      ),
    );
    expect(problems).toEqual([
      'pools[1].name: duplicate pool name "tfc-spot" (also pools[0])',
      'pools[1].name: pool name "tfc-spot" starts with "tfc-", the worker names of pools[0]: their workers would be mixed up; rename one',
    ]);
  });
});
