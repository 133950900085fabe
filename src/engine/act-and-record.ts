import { countDemand } from '../core/demand.js';
import type { Decision, Memory } from '../core/types.js';
import type { ProviderCircuit } from '../providers/provider.js';
import { claimedBy, freshClaims, withClaims } from './claim-index.js';
import type { EngineDeps } from './engine.js';
import { execute, maskedOutcomes, type ExecutorContext, type Outcome } from './executor.js';
import { interruptedJobs } from './interruptions.js';
import { startedRecently } from './job-started.js';
import type { Observed } from './observe.js';
import type { PoolDoc } from './pool-doc.js';
import {
  afterActions,
  holdFreeWorkers,
  mergedMemory,
  seenOrphans,
  withEventChanges,
} from './pool-picture.js';
import { forgetClaims, recordDecision } from './pool-record.js';
import { providerUpkeep } from './provider-upkeep.js';
import { withInFlight, launchingAfter } from './reserve.js';
import { mergeReruns, requestReruns } from './reruns.js';

/** What a full reconcile observed and decided, under its pool lock. */
export interface Decided {
  /** The pool document as read before observing. */
  readonly doc: PoolDoc;
  readonly observed: Observed;
  readonly decision: Decision;
  /** The memory the decision was made on. */
  readonly basis: Memory;
}

/**
 * The act and record steps of a full reconcile: the decision's actions, the re-runs owed
 * for interrupted jobs, the provider's upkeep, then the pool document and its history.
 */
export async function actAndRecord(
  deps: EngineDeps,
  context: ExecutorContext,
  { doc, observed, decision, basis }: Decided,
): Promise<{ outcomes: Outcome[]; circuits: readonly ProviderCircuit[] | undefined }> {
  const { runtime } = context;
  const { store, clock, historyLimit } = deps;
  const acted = await execute(context, decision);
  const pending = interruptedJobs(observed, doc, clock());
  const reruns = await requestReruns(runtime.source, runtime.policy, pending, clock());
  const outcomes = [...acted, ...maskedOutcomes(reruns.outcomes, context.secrets)];
  const circuits = await providerUpkeep(runtime, observed.machines, deps.logger);
  const now = clock();
  // The jobs that add demand and wait (those launched for now hold their new workers), for
  // the picture the fast path decides on: free workers hold them (holdFreeWorkers).
  const skip = new Set(decision.exhausted);
  const waiting = countDemand(observed.observation.jobs, runtime.policy, skip).queued.map((j) => j.id);
  await recordDecision(
    { store, now, historyLimit },
    runtime.policy.name,
    decision,
    outcomes,
    { kind: 'reconcile', apiCalls: observed.apiCalls, observation: observed.observation },
    (d) => ({
      ...d,
      memory: mergedMemory(d, decision, basis, 'replace'),
      // Launches that finished after the listing are not in it: keep them, young as they are.
      workers: holdFreeWorkers(
        afterActions(
          withInFlight(d, withEventChanges(observed.observation.workers, doc.workers, d.workers), now),
          outcomes,
          now,
        ),
        // A job seen to start since the listing (its in_progress freed a worker) waits no more.
        waiting.filter((id) => !startedRecently(d, id)),
        now,
        runtime.policy,
      ),
      claimsByMinute: freshClaims(withClaims(d.claimsByMinute, claimedBy(outcomes), now), now),
      orphans: seenOrphans(d.orphans ?? {}, observed.orphans, now),
      reruns: mergeReruns(d.reruns ?? {}, pending, reruns.reruns),
      ...launchingAfter(d, decision, now),
    }),
  );
  await forgetClaims(store, runtime.policy.name, doc, now);
  return { outcomes, circuits };
}
