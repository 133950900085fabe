/**
 * An ECS pool with two services runs as two units, `kinds` sending plans to the spot one.
 * The metrics and the baselines must attribute a run to the unit `kinds` sends it to.
 */
import { describe, expect, it } from 'vitest';
import { compareStrategies } from '../../../src/sim/compare.js';
import { simulate } from '../../../src/sim/simulate.js';
import { ciScaler } from '../../../src/sim/strategies/index.js';
import { job, spotUnitPools } from './sim-builders.js';

const pools = spotUnitPools();
const plan = { ...job('plan', 0, 600, []), kind: 'plan' };
const apply = { ...job('apply', 1000, 600, []), kind: 'apply' };

describe('runs routed by kinds to a unit of a multi-service ECS pool', () => {
  it('a plan that ran on the spot unit kinds sends it to is not counted as "ran elsewhere"', async () => {
    const r = await simulate({ pools, trace: { jobs: [plan, apply] }, strategy: ciScaler, seed: 1 });
    // Each run ran on the unit its kind is routed to: plan on tf-spot, apply on tf-regular.
    expect(r.pools['tf-spot']).toMatchObject({ jobs: 1, ranElsewhere: 0 });
    expect(r.pools['tf-regular']).toMatchObject({ jobs: 1, ranElsewhere: 0 });
    expect(r.overall.ranElsewhere).toBe(0);
  });

  it('the cost floor prices a plan at the spot class kinds sends it to, and stays below what was paid', async () => {
    const report = await compareStrategies({
      pools,
      trace: { jobs: [plan, apply] },
      seed: 1,
      compare: [],
      config: 'c.yaml',
      traceName: 't.jsonl',
    });
    // 600 s of plan at 1.2/h + 600 s of apply at 3.6/h = 0.2 + 0.6.
    expect(report.baselines.costFloor).toBeCloseTo(0.8, 10);
    // Cold start adds one 60 s boot to each, at the same prices.
    expect(report.baselines.coldStart.cost).toBeCloseTo((660 / 3600) * 1.2 + (660 / 3600) * 3.6, 10);
    // "no autoscaler can cost less" than the floor.
    for (const r of report.results) expect(r.overall.cost).toBeGreaterThanOrEqual(report.baselines.costFloor);
  });
});
