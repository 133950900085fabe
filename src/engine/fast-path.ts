import { countDemand } from '../core/demand.js';
import type { Clock, Decision, Job, PoolObservation, PoolPolicy, Worker } from '../core/types.js';
import type { StateStore } from '../state/store.js';
import { CLAIM_RETENTION_MS, claimedBy, withClaims } from './claim-index.js';
import { execute, type ExecutorContext, type Outcome } from './executor.js';
import type { PoolDoc } from './pool-doc.js';
import { afterActions, jobsOfKnownWorkers, mergedMemory } from './pool-picture.js';
import { recordDecision, type RecordMeta } from './pool-record.js';
import type { PoolRuntime } from './pool-runtime.js';
import { decideAndReserve, launchingAfter, withInFlight } from './reserve.js';
import { startedRecently } from './job-started.js';

/** What one event's handling returns; the Engine adds the event and its time. */
export interface FastResult {
  readonly pool: string;
  readonly outcomes: readonly Outcome[];
  readonly decision: Decision;
  readonly note: string;
  /**
   * A queued job that waits because the pool has no room below `max` for it: the engine
   * offers it to the next matching pool (rule 7).
   */
  readonly noRoom?: true;
}

export interface FastPathDeps {
  readonly store: StateStore;
  readonly clock: Clock;
  readonly decide: (observation: PoolObservation, policy: PoolPolicy) => Decision;
  readonly policyOf: (runtime: PoolRuntime) => Promise<PoolPolicy>;
  readonly context: (runtime: PoolRuntime) => ExecutorContext;
  readonly historyLimit?: number;
}

const FAST: RecordMeta = { kind: 'fast-path', apiCalls: 0 };

/**
 * The picture without the workers it last saw failed, but `reported` (the runner the
 * event says finished): the picture is stale, and removing them is the next reconcile's
 * to do on a fresh listing, not every event's.
 */
function withoutStaleFailures(workers: readonly Worker[], reported: string | undefined): readonly Worker[] {
  return workers.some((w) => w.state === 'failed' && w.id !== reported)
    ? workers.filter((w) => w.state !== 'failed' || w.id === reported)
    : workers;
}

/**
 * The fast path for one event: the same decide() and executor as a reconcile, on an
 * observation built from the event and the stored picture of the pool, with no listing
 * calls and no lock. It sees part of the pool, so decide() only launches (complete: false).
 */
export class FastPath {
  constructor(private readonly deps: FastPathDeps) {}

  /**
   * `queued`: the job with the jobs of the workers the picture knows. Only a job's first
   * launch is the fast path's: a job that had one either has its worker, or ran and
   * finished (a late or redelivered event), or lost it; only a full reconcile, which lists
   * the job's real state, may launch for it again.
   */
  async launch(runtime: PoolRuntime, job: Job): Promise<FastResult> {
    const policy = await this.deps.policyOf(runtime);
    // A worker's claim outlives its job by CLAIM_RETENTION_MS at least, as it is taken
    // after the job was queued. An event older than that (a late delivery, a redelivery
    // by hand) may be for a job that ran and whose claim is gone: only a listing can tell.
    const late = job.queuedAt !== undefined && this.deps.clock() - job.queuedAt > CLAIM_RETENTION_MS;
    let launchedBefore = false;
    let started = false;
    const result = await this.decideActRecord(runtime, policy, job.id, (doc, now) => {
      // The memory counts every launch from its reservation on, until a full reconcile
      // sees the job run (a worker of the job, live in the picture, answers from then on,
      // and its claim for CLAIM_RETENTION_MS after).
      const attempts = doc.memory.attempts;
      launchedBefore = attempts !== undefined && Object.hasOwn(attempts, job.id);
      // A job seen to start (its in_progress came first) is launched for no more.
      started = startedRecently(doc, job.id);
      const workers = withoutStaleFailures(withInFlight(doc, doc.workers, now), undefined);
      return {
        now,
        jobs: [...(launchedBefore || started || late ? [] : [job]), ...jobsOfKnownWorkers(workers, job.id)],
        workers,
        memory: doc.memory,
        complete: false,
      };
    });
    const why = launchedBefore
      ? 'had a launch already'
      : started
        ? 'started already (its in_progress came first)'
        : late
          ? `was queued more than ${CLAIM_RETENTION_MS / 60_000} minutes ago`
          : undefined;
    if (why === undefined) return result;
    return { ...result, note: `job ${job.id} ${why}: left to the next reconcile; ${result.note}` };
  }

  /**
   * `completed`: the runner finished its job. The stored picture with that runner marked
   * failed goes through decide(), whose hygiene removes it in the safe order.
   */
  async remove(runtime: PoolRuntime, runner: string): Promise<FastResult> {
    const policy = await this.deps.policyOf(runtime);
    return this.decideActRecord(runtime, policy, undefined, (doc, now) => {
      const seen = withoutStaleFailures(withInFlight(doc, doc.workers, now), runner);
      const known = seen.some((w) => w.id === runner);
      const workers: Worker[] = known
        ? seen.map((w) => (w.id === runner ? { ...w, state: 'failed' as const } : w))
        : [...seen, { id: runner, state: 'failed' }];
      return { now, jobs: jobsOfKnownWorkers(workers, ''), workers, memory: doc.memory, complete: false };
    });
  }

  /**
   * decide -> act -> record on a partial observation built from the stored picture. The
   * decision is made and its launches reserved on the freshest document (reserve.ts).
   */
  private async decideActRecord(
    runtime: PoolRuntime,
    policy: PoolPolicy,
    /** A queued event's job: held by a free worker when the decision covers it so (reserve.ts). */
    queued: string | undefined,
    observe: (doc: PoolDoc, now: number) => PoolObservation,
  ): Promise<FastResult> {
    const { store, clock } = this.deps;
    const at = clock();
    const { decision, observation, waits } = await decideAndReserve(
      store,
      runtime.policy.name,
      (d) => observe(d, at),
      (o) => this.deps.decide(o, policy),
      at,
      policy,
      queued,
    );
    const outcomes = await execute(this.deps.context(runtime), decision);
    const now = clock();
    const { historyLimit } = this.deps;
    await recordDecision(
      { store, now, historyLimit },
      runtime.policy.name,
      decision,
      outcomes,
      FAST,
      (d) => ({
        ...d,
        memory: mergedMemory(d, decision, observation.memory, 'add'),
        workers: afterActions(d.workers, outcomes, now),
        claimsByMinute: withClaims(d.claimsByMinute, claimedBy(outcomes), now),
        ...launchingAfter(d, decision, now),
      }),
    );
    const noRoom =
      waits && countDemand(observation.jobs, policy, new Set(decision.exhausted)).needed > policy.max;
    return {
      pool: runtime.policy.name,
      outcomes,
      decision,
      note: decision.reason,
      ...(noRoom && { noRoom }),
    };
  }
}
