import { JOB_STATES, WORKER_STATES, type PoolObservation } from '../core/types.js';

/** Jobs and workers by state, as history, summaries and metrics show them. */
export type Counts = Readonly<Record<`jobs.${string}` | `workers.${string}`, number>>;

export function countsOf(obs: PoolObservation): Counts {
  const counts: Record<string, number> = {};
  for (const s of JOB_STATES) counts[`jobs.${s}`] = 0;
  for (const s of WORKER_STATES) counts[`workers.${s}`] = 0;
  for (const j of obs.jobs) counts[`jobs.${j.state}`] = (counts[`jobs.${j.state}`] ?? 0) + 1;
  for (const w of obs.workers) counts[`workers.${w.state}`] = (counts[`workers.${w.state}`] ?? 0) + 1;
  return counts;
}
