import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../../src/core/presets.js';
import {
  ciScaler,
  PRESET_VARIANTS,
  strategyNamed,
  STRATEGY_NAMES,
} from '../../../src/sim/strategies/index.js';
import { MIN, obs, policy, T0, worker } from '../core/builders.js';

/** One idle worker above a desired of 0: above target for 1 minute, last launch 3 minutes ago. */
const aboveForAMinute = obs({
  workers: [worker('p-w1', 'idle')],
  memory: {
    version: 1,
    aboveTargetSince: new Date(T0 - MIN).toISOString(),
    lastScaleEvent: { at: new Date(T0 - 3 * MIN).toISOString(), direction: 'up' },
  },
});
// The config's own policy says balanced: the variants must override it, not read it.
const balancedPool = policy({ scaleDownAfterMs: 2 * MIN, scaleDownCooldownMs: 5 * MIN });

const terminates = (name: string) => {
  const strategy = strategyNamed(name);
  if (strategy === undefined) throw new Error(`no strategy ${name}`);
  return strategy
    .createDecide()(aboveForAMinute, balancedPool)
    .actions.filter((a) => a.type === 'terminate')
    .map((a) => a.workerId);
};

describe('ci-scaler preset variants (--compare ci-scaler:<preset>)', () => {
  it('scale in by the named preset, whatever the pool is configured with', () => {
    // aggressive: after 30 s and cooldown 2 m have both passed.
    expect(terminates('ci-scaler:aggressive')).toEqual(['p-w1']);
    // balanced (after 2 m) and conservative (after 5 m) keep it.
    expect(terminates('ci-scaler:balanced')).toEqual([]);
    expect(terminates('ci-scaler:conservative')).toEqual([]);
    expect(
      ciScaler
        .createDecide()(aboveForAMinute, balancedPool)
        .actions.filter((a) => a.type === 'terminate'),
    ).toEqual([]);
  });

  it('are named for --compare and describe their values', () => {
    expect([...PRESET_VARIANTS.keys()]).toEqual([
      'ci-scaler:conservative',
      'ci-scaler:balanced',
      'ci-scaler:aggressive',
    ]);
    expect(STRATEGY_NAMES).toContain('ci-scaler:aggressive');
    expect(STRATEGY_NAMES).toContain('poll-30s');
    expect(PRESET_VARIANTS.get('ci-scaler:aggressive')?.describe).toContain('after 30s, cooldown 2m');
    expect(PRESETS.aggressive.scaleDownAfterMs).toBe(30_000);
    expect(strategyNamed('ci-scaler:eager')).toBeUndefined();
  });
});
