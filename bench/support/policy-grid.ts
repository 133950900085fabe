/**
 * ci-scaler over a small grid of the keys a user sets per pool (`interval`, `scaleUp.after`,
 * `scaleDown.after` / `scaleDown.cooldown`, `warm`), each setting run on the same seeds.
 * The means answer "at the p95 wait another strategy gives, how much does ci-scaler
 * idle?": the goal's comparison at an equal or lower p95, not only at the defaults.
 */
import { simulate } from '../../src/sim/simulate.js';
import { ciScaler } from '../../src/sim/strategies/index.js';
import type { SimPool } from '../../src/sim/sim-pool.js';
import type { Trace } from '../../src/sim/types.js';

export interface GridSetting {
  readonly intervalS: number;
  readonly upS: number;
  readonly afterS: number;
  readonly cooldownS: number;
  readonly warm: number;
}

/** A setting's means over the seeds: p95 wait in seconds, idle in hours, source API calls. */
export interface GridResult {
  readonly setting: GridSetting;
  readonly p95: number;
  readonly idle: number;
  readonly apiCalls: number;
}

/** The scale-in delays tried: the balanced and aggressive presets, and none at all. */
export const SCALE_IN_DELAYS = [
  [120, 300, 'balanced'],
  [30, 120, 'aggressive'],
  [0, 0, 'none'],
] as const;

export const SCALE_UP_AFTER_S = [0, 10, 30] as const;

/** The default interval and half of it: a reconcile twice as often, at twice the listings. */
export const INTERVALS_S = [30, 15] as const;

export const GRID: readonly GridSetting[] = INTERVALS_S.flatMap((intervalS) =>
  SCALE_UP_AFTER_S.flatMap((upS) =>
    SCALE_IN_DELAYS.flatMap(([afterS, cooldownS]) =>
      [0, 1].map((warm) => ({ intervalS, upS, afterS, cooldownS, warm })),
    ),
  ),
);

/** How a setting reads in the table: the config keys it sets. */
export const describeSetting = (s: GridSetting): string =>
  `interval ${s.intervalS}s, scaleUp.after ${s.upS}s, scaleDown ${s.afterS}s/${s.cooldownS}s, warm ${s.warm}`;

export const isDefault = (s: GridSetting): boolean =>
  s.intervalS === 30 && s.upS === 0 && s.afterS === 120 && s.cooldownS === 300 && s.warm === 0;

/** Every grid setting on every pool, means over `seeds`; `progress` hears each setting done. */
export async function runGrid(
  pools: readonly SimPool[],
  trace: Trace,
  seeds: readonly number[],
  progress: (done: number, total: number) => void,
): Promise<GridResult[]> {
  const out: GridResult[] = [];
  for (const setting of GRID) {
    const edited = pools.map((p) => ({
      ...p,
      intervalMs: setting.intervalS * 1000,
      policy: {
        ...p.policy,
        scaleUpAfterMs: setting.upS * 1000,
        scaleDownAfterMs: setting.afterS * 1000,
        scaleDownCooldownMs: setting.cooldownS * 1000,
        warm: Math.min(setting.warm, p.policy.max),
      },
    }));
    let p95 = 0;
    let idle = 0;
    let apiCalls = 0;
    for (const seed of seeds) {
      const r = await simulate({ pools: edited, trace, strategy: ciScaler, seed });
      p95 += r.overall.wait.p95 / seeds.length;
      idle += r.overall.idleSeconds / 3600 / seeds.length;
      apiCalls += r.overall.apiCalls / seeds.length;
    }
    out.push({ setting, p95, idle, apiCalls });
    progress(out.length, GRID.length);
  }
  return out;
}

/**
 * The setting that idles least among those whose p95 wait is at most `p95`: the best
 * ci-scaler can do at another strategy's wait. Undefined when no setting is that fast.
 */
export function leastIdleAtOrBelow(grid: readonly GridResult[], p95: number): GridResult | undefined {
  let best: GridResult | undefined;
  for (const r of grid) if (r.p95 <= p95 && (best === undefined || r.idle < best.idle)) best = r;
  return best;
}
