import { JOB_STATES, WORKER_STATES, type PoolObservation } from '../core/types.js';

/** Jobs and workers by state, as history, summaries and metrics show them. */
export type Counts = Readonly<Record<`jobs.${string}` | `workers.${string}`, number>>;

const JOB_KEYS = new Map(JOB_STATES.map((s) => [s, `jobs.${s}`]));
const WORKER_KEYS = new Map(WORKER_STATES.map((s) => [s, `workers.${s}`]));

export function countsOf(obs: PoolObservation): Counts {
  const counts: Record<string, number> = {};
  for (const key of JOB_KEYS.values()) counts[key] = 0;
  for (const key of WORKER_KEYS.values()) counts[key] = 0;
  for (const j of obs.jobs) {
    const key = JOB_KEYS.get(j.state) ?? `jobs.${j.state}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  for (const w of obs.workers) {
    const key = WORKER_KEYS.get(w.state) ?? `workers.${w.state}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}
