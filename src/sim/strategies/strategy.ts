import { decide } from '../../core/decide.js';
import { assessWorkers } from '../../core/hygiene.js';
import type { Decision, PoolObservation, PoolPolicy, Worker } from '../../core/types.js';

export type DecideFn = (observation: PoolObservation, policy: PoolPolicy) => Decision;

/**
 * How an autoscaler decides, how often its loop runs and whether it hears job events. A
 * comparison strategy differs from ci-scaler only there: source, provider and executor
 * are shared, so the measured difference is the rule's (docs/simulator.md).
 */
export interface Strategy {
  readonly name: string;
  /** One line on the rule it models; docs/simulator.md says where that rule is used. */
  readonly describe: string;
  readonly hearsEvents: boolean;
  /** The strategy's loop period; undefined: each pool's `interval`. */
  readonly intervalMs?: number;
  /** A decide() for one run: a strategy that counts checks keeps the count in it. */
  createDecide(): DecideFn;
}

/**
 * The workers core counts as capacity: not failed, nor removed by hygiene (booting past
 * bootTimeout, past maxLifetime). Counting those too, a target would exceed core's capacity
 * and launch a replacement the strategy's rule never asked for.
 */
export function healthy(obs: PoolObservation, policy: PoolPolicy): readonly Worker[] {
  return assessWorkers(obs, policy).healthy;
}

export function countJobs(obs: PoolObservation, state: 'queued' | 'running'): number {
  return obs.jobs.filter((j) => j.state === state).length;
}

/** Queued jobs no worker was started for yet: what "launch per queued event" launches for. */
export function unboundQueued(obs: PoolObservation): number {
  const bound = new Set(obs.workers.flatMap((w) => (w.jobId === undefined ? [] : [w.jobId])));
  return obs.jobs.filter((j) => j.state === 'queued' && !bound.has(j.id)).length;
}

/**
 * Applies a strategy's target through core's manual mode with no scale-in delays, so the
 * launch naming, hygiene and "never below busy" stay the same for every strategy.
 */
export function towards(obs: PoolObservation, policy: PoolPolicy, target: number): Decision {
  const manualTarget = Math.max(0, Math.min(policy.max, Math.round(target)));
  return decide(obs, {
    ...policy,
    mode: 'manual',
    manualTarget,
    scaleUpAfterMs: 0,
    scaleDownAfterMs: 0,
    scaleDownCooldownMs: 0,
  });
}
