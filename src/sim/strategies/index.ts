import { PRESET_VARIANTS } from './ci-scaler.js';
import { cronScaleDown } from './cron-scale-down.js';
import { minPlusAssigned } from './min-plus-assigned.js';
import { poll30s } from './poll.js';
import type { Strategy } from './strategy.js';
import { threshold } from './threshold.js';

export type { Strategy } from './strategy.js';
export { ciScaler, PRESET_VARIANTS } from './ci-scaler.js';

/** The strategies `--compare` accepts, by name. */
export const COMPARISONS: ReadonlyMap<string, Strategy> = new Map(
  [poll30s, cronScaleDown, minPlusAssigned, threshold].map((s) => [s.name, s]),
);

/** What `--compare` takes by name: the comparison strategies and ci-scaler under each preset. */
export function strategyNamed(name: string): Strategy | undefined {
  return COMPARISONS.get(name) ?? PRESET_VARIANTS.get(name);
}

export const STRATEGY_NAMES: readonly string[] = [...COMPARISONS.keys(), ...PRESET_VARIANTS.keys()];
