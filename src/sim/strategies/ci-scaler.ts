import { decide } from '../../core/decide.js';
import { POLICY_NAMES, PRESETS, type PolicyName } from '../../core/presets.js';
import type { Strategy } from './strategy.js';

export const ciScaler: Strategy = {
  name: 'ci-scaler',
  describe: "ci-scaler's own rules (core decide()) with webhook events and each pool's reconcile interval",
  hearsEvents: true,
  createDecide: () => decide,
};

const seconds = (ms: number) => (ms % 60_000 === 0 ? `${ms / 60_000}m` : `${ms / 1000}s`);

/**
 * ci-scaler with one preset's `scaleDown` on every pool, whatever the config says: the
 * same rules and cadence, so a preset's trade of idle time against waits shows beside the
 * config's own (`--compare ci-scaler:aggressive`).
 */
export function ciScalerWithPreset(preset: PolicyName): Strategy {
  const values = PRESETS[preset];
  return {
    name: `ci-scaler:${preset}`,
    describe: `ci-scaler's rules with the ${preset} preset on every pool (scaleDown.after ${seconds(values.scaleDownAfterMs)}, cooldown ${seconds(values.scaleDownCooldownMs)})`,
    hearsEvents: true,
    createDecide: () => (observation, policy) => decide(observation, { ...policy, ...values }),
  };
}

/** `ci-scaler:conservative`, `ci-scaler:balanced`, `ci-scaler:aggressive`, by name. */
export const PRESET_VARIANTS: ReadonlyMap<string, Strategy> = new Map(
  POLICY_NAMES.map((name) => {
    const s = ciScalerWithPreset(name);
    return [s.name, s];
  }),
);
