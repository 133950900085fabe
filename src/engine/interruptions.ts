import { toIso } from '../core/time.js';
import type { StateStore } from '../state/store.js';
import type { Logger } from '../telemetry/logger.js';
import type { Observed } from './observe.js';
import { updatePoolDoc, type PoolDoc } from './pool-doc.js';
import { ephemeralOf, type PoolRuntime } from './pool-runtime.js';
import { jobOnWorker, noteReruns, type Reruns } from './reruns.js';

export interface Interruption {
  readonly pool: string;
  readonly worker: string;
  /** The job it ran, when anything says it ran one: that job is re-run. */
  readonly jobId?: string;
}

/** The stored re-runs plus the jobs of workers this reconcile found interrupted. */
export function interruptedJobs(observed: Observed, doc: PoolDoc, now: number): Reruns {
  const found: Record<string, string> = {};
  for (const worker of observed.interrupted) {
    const job = jobOnWorker(worker, observed.observation.jobs, doc.workers);
    if (job !== undefined) found[job] = worker;
  }
  return noteReruns(doc.reruns ?? {}, found, toIso(now));
}

/** Finds the pool whose provider owns the machine and notes its job for a re-run. */
export async function noteInterruption(
  deps: {
    readonly pools: readonly PoolRuntime[];
    readonly store: StateStore;
    readonly clock: () => number;
    readonly logger: Logger;
  },
  externalId: string,
): Promise<Interruption | undefined> {
  for (const runtime of deps.pools) {
    const machine = await ephemeralOf(runtime)?.findMachine?.(runtime.policy, externalId);
    if (machine === undefined) continue;
    const pool = runtime.policy.name;
    let jobId: string | undefined;
    await updatePoolDoc(deps.store, pool, (d) => {
      jobId = jobOnWorker(machine.name, [], d.workers);
      if (jobId === undefined) return d;
      return { ...d, reruns: noteReruns(d.reruns ?? {}, { [jobId]: machine.name }, toIso(deps.clock())) };
    });
    deps.logger.warn(`${machine.name} (${externalId}) is being taken back by the cloud`, {
      pool,
      ...(jobId !== undefined && { jobId }),
    });
    return { pool, worker: machine.name, ...(jobId !== undefined && { jobId }) };
  }
  return undefined;
}
