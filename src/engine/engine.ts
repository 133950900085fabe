import { decide } from '../core/decide.js';
import { poolAccepts } from '../core/route.js';
import type { Clock, Decision, Job, JobEvent, PoolObservation, PoolPolicy } from '../core/types.js';

export type { JobEvent } from '../core/types.js';
import type { ProviderCircuit } from '../providers/provider.js';
import type { StateStore } from '../state/store.js';
import type { Logger } from '../telemetry/logger.js';
import type { ExecutorContext, Outcome } from './executor.js';
import { FastPath, type FastResult } from './fast-path.js';
import { keepLock } from './lock-renewal.js';
import { SingleFlight } from './single-flight.js';
import { observePool } from './observe.js';
import { actAndRecord } from './act-and-record.js';
import { launchTimes } from './pool-record.js';
import { noteInterruption, type Interruption } from './interruptions.js';
import { recordJobStarted } from './job-started.js';
import { decideAndReserve, withInFlight } from './reserve.js';
import { effectivePolicy, readOverride } from './overrides.js';
import { readPoolDoc, updatePoolDoc, type PoolDoc } from './pool-doc.js';
import { launchedIn, releaseJob } from './pool-picture.js';
import { workerPrefix, type PoolRuntime } from './pool-runtime.js';

export interface EngineDeps {
  readonly pools: readonly PoolRuntime[];
  readonly store: StateStore;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Identifies this process as a lock owner. */
  readonly owner: string;
  readonly maskSecret?: (value: string) => void;
  /**
   * The config's secrets (source tokens, agent tokens in a provider's env), masked in every
   * outcome detail: details reach the history, the status page and API answers, which the
   * logger's masking does not cover.
   */
  readonly secrets?: readonly string[];
  readonly historyLimit?: number;
  readonly lockTtlMs?: number;
  /**
   * The decision rules; core's decide() unless replaced. The simulator swaps in the rules
   * other autoscalers use, so both run on the same source, provider and executor.
   */
  readonly decide?: (observation: PoolObservation, policy: PoolPolicy) => Decision;
}

export interface ReconcileResult {
  readonly pool: string;
  readonly result: 'ok' | 'partial' | 'locked' | 'dry-run';
  readonly decision?: Decision;
  readonly observation?: PoolObservation;
  readonly outcomes: readonly Outcome[];
  readonly apiCalls: number;
  readonly unmatched: readonly string[];
  /** The unmatched jobs themselves, with their labels (metrics count them by label set). */
  readonly unmatchedJobs?: readonly Job[];
  /** The type of the pool's source (`github`, `tfc`), which the API calls went to. */
  readonly source?: string;
  /** The provider's circuit breakers after this reconcile (EC2 instance type x zone). */
  readonly circuits?: readonly ProviderCircuit[];
}

export interface EventResult {
  readonly pool?: string;
  readonly outcomes: readonly Outcome[];
  readonly decision?: Decision;
  readonly note: string;
  /** The event handled and when (engine clock): metrics time queued -> started from it. */
  readonly event?: JobEvent;
  readonly at?: number;
}

function resultOf(outcomes: readonly Outcome[]): 'ok' | 'partial' {
  return outcomes.some((o) => o.result === 'failed') ? 'partial' : 'ok';
}

/** The one loop: observe -> decide -> act -> record, for full reconciles and for the fast path. */
export class Engine {
  private readonly decide: NonNullable<EngineDeps['decide']>;

  private readonly fast: FastPath;

  private readonly flights = new SingleFlight<ReconcileResult>();

  constructor(private readonly deps: EngineDeps) {
    this.decide = deps.decide ?? decide;
    this.fast = new FastPath({
      store: deps.store,
      clock: deps.clock,
      decide: (o, p) => this.decide(o, p),
      policyOf: (r) => this.policyOf(r),
      context: (r) => this.context(r),
      ...(deps.historyLimit !== undefined && { historyLimit: deps.historyLimit }),
    });
  }

  pool(name: string): PoolRuntime {
    const runtime = this.deps.pools.find((p) => p.policy.name === name);
    if (runtime === undefined) throw new Error(`unknown pool "${name}"`);
    return runtime;
  }

  /** The config policy with the pool's runtime override on top (ARCHITECTURE.md "Precedence"). */
  private async policyOf(runtime: PoolRuntime): Promise<PoolPolicy> {
    return effectivePolicy(runtime.policy, await readOverride(this.deps.store, runtime.policy.name));
  }

  private context(runtime: PoolRuntime): ExecutorContext {
    const { store, clock, logger } = this.deps;
    return {
      runtime,
      store,
      clock,
      logger,
      maskSecret: this.deps.maskSecret ?? (() => undefined),
      secrets: this.deps.secrets ?? [],
    };
  }

  /**
   * One full reconcile of a pool under its lock; `dryRun` decides without acting or
   * recording. Never two of one pool at once in this process: the pool lock cannot tell
   * them apart (one owner takes it again), so a call while one runs (the loop's, and an
   * event's that needs a fresh listing) waits and runs once more after it.
   */
  reconcile(name: string, options: { dryRun?: boolean } = {}): Promise<ReconcileResult> {
    if (options.dryRun === true) return this.reconcileOnce(name, options);
    return this.flights.run(name, () => this.reconcileOnce(name, options));
  }

  private async reconcileOnce(name: string, options: { dryRun?: boolean }): Promise<ReconcileResult> {
    const runtime = this.pool(name);
    const { store, owner } = this.deps;
    const locking = store.capabilities.has('locks') && options.dryRun !== true;
    const ttl = this.deps.lockTtlMs ?? 120_000;
    if (locking && (await store.lock(`pool/${name}`, owner, ttl)) === undefined) {
      this.deps.logger.info(`reconcile ${name}: another process holds the pool lock`, { pool: name });
      return { pool: name, result: 'locked', outcomes: [], apiCalls: 0, unmatched: [] };
    }
    const stopRenewing = locking ? keepLock(store, `pool/${name}`, owner, ttl, this.deps.logger) : undefined;
    try {
      return await this.reconcileLocked(runtime, options.dryRun === true);
    } finally {
      if (stopRenewing !== undefined) {
        await stopRenewing();
        await store.release(`pool/${name}`, owner);
      }
    }
  }

  private async reconcileLocked(runtime: PoolRuntime, dryRun: boolean): Promise<ReconcileResult> {
    const name = runtime.policy.name;
    const doc = await readPoolDoc(this.deps.store, name);
    const observed = await observePool(runtime, this.deps.pools, doc.memory, this.deps.clock(), (names) =>
      this.launchTimes(name, names, doc),
    );
    const policy = await this.policyOf(runtime);
    const now0 = this.deps.clock();
    // The listing cannot show launches still in flight elsewhere; the stored document can.
    const withStored = (d: PoolDoc): PoolObservation => ({
      ...observed.observation,
      memory: d.memory,
      workers: withInFlight(d, observed.observation.workers, now0),
    });
    const stored = dryRun ? withStored(doc) : undefined;
    const { decision, observation: decidedOn } = stored
      ? { decision: this.decide(stored, policy), observation: stored }
      : await decideAndReserve(
          this.deps.store,
          name,
          withStored,
          (o) => this.decide(o, policy),
          now0,
          policy,
        );
    const unmatched = observed.unmatched.map((j) => j.id);
    const base = {
      pool: name,
      decision,
      observation: observed.observation,
      apiCalls: observed.apiCalls,
      unmatched,
      unmatchedJobs: observed.unmatched,
      source: runtime.source.type,
    };
    if (unmatched.length > 0)
      this.deps.logger.warn(`queued jobs match no pool: ${unmatched.join(', ')}`, { pool: name });
    this.deps.logger.info(`reconcile ${name}: ${decision.reason}`, {
      pool: name,
      desired: decision.desired,
      apiCalls: observed.apiCalls,
    });
    if (dryRun) return { ...base, result: 'dry-run', outcomes: [] };
    const { outcomes, circuits } = await actAndRecord(this.deps, this.context(runtime), {
      doc,
      observed,
      decision,
      basis: decidedOn.memory,
    });
    return { ...base, result: resultOf(outcomes), outcomes, ...(circuits && { circuits }) };
  }

  /**
   * A cloud event says a machine is about to be taken back (EC2 spot interruption
   * warning): the job it runs is noted for a re-run, which the next reconciles request.
   */
  noteInterruption(externalId: string): Promise<Interruption | undefined> {
    return noteInterruption(this.deps, externalId);
  }

  private launchTimes(pool: string, names: readonly string[], doc: PoolDoc): Promise<Map<string, number>> {
    return launchTimes(this.deps.store, pool, names, doc, this.deps.clock());
  }

  /** The name of the pool an event belongs to (poolFor), for a caller that must reconcile it. */
  poolOfEvent(event: JobEvent): string | undefined {
    return this.poolFor(event)?.policy.name;
  }

  /**
   * The pool a job event belongs to: among the pools whose source serves the event's
   * repository, rule 7's first matching pool by priority, then config order.
   */
  private poolFor(event: JobEvent): PoolRuntime | undefined {
    return this.poolsFor(event)[0];
  }

  /** Every pool that may take the job event, in rule 7's order: priority, then config order. */
  private poolsFor(event: JobEvent): PoolRuntime[] {
    const { owner, repo, job } = event;
    const matching = this.deps.pools.filter(
      (p) =>
        p.policy.labels !== undefined &&
        poolAccepts(p.policy, job) &&
        (owner === undefined || repo === undefined || p.source.serves?.(owner, repo) !== false),
    );
    // A stable sort: config order breaks ties.
    return matching.sort((a, b) => a.policy.priority - b.policy.priority);
  }

  /**
   * Rule 7 on the fast path: a queued job launches in the first matching pool with room
   * below max for it. When every one is full it waits in the first, whose reconciles count
   * it, as a reconcile's routing does (core/route.ts).
   */
  private async launchInOrder(event: JobEvent): Promise<EventResult> {
    const pools = this.poolsFor(event);
    // A later pool that launched for the job already (it overflowed there, and the event
    // comes again once the first pool has room) takes it: its fast path launches no second.
    const launched = await this.poolThatLaunched(pools.slice(1), event.job.id);
    let waiting: FastResult | undefined;
    const full: string[] = [];
    for (const runtime of launched === undefined ? pools : [launched]) {
      // A replica service is scaled by a full reconcile only (see dispatchEvent).
      if (runtime.provider.capacity === 'replica') return this.reconcileForEvent(runtime.policy.name);
      const r = await this.fast.launch(runtime, event.job);
      if (r.noRoom !== true)
        return full.length === 0 ? r : { ...r, note: `${full.join(', ')} at max: overflow; ${r.note}` };
      waiting ??= r;
      full.push(r.pool);
    }
    if (waiting === undefined) throw new Error(`job ${event.job.id}: no pool to launch in`);
    return { ...waiting, note: `every matching pool is at max; ${waiting.note}` };
  }

  /** The first of these ephemeral pools whose picture has a launch for the job: counted, reserved or started. */
  private async poolThatLaunched(
    pools: readonly PoolRuntime[],
    jobId: string,
  ): Promise<PoolRuntime | undefined> {
    const ephemeral = pools.filter((p) => p.provider.capacity === 'ephemeral');
    if (ephemeral.length === 0) return undefined;
    const docs = await Promise.all(ephemeral.map((p) => readPoolDoc(this.deps.store, p.policy.name)));
    return ephemeral.find((_, i) => {
      const doc = docs[i];
      return doc !== undefined && launchedIn(doc, jobId);
    });
  }

  /**
   * `completed` with no runner: the job ended without starting (cancelled while queued).
   * The workers started for it or holding it, in every pool it matches, are free capacity.
   */
  private async jobEnded(event: JobEvent): Promise<EventResult> {
    const freed: string[] = [];
    for (const p of this.poolsFor(event)) {
      if (p.provider.capacity !== 'ephemeral') continue;
      await updatePoolDoc(this.deps.store, p.policy.name, (d) => {
        const workers = releaseJob(d.workers, event.job.id);
        if (workers === d.workers) return d;
        freed.push(p.policy.name);
        return { ...d, workers };
      });
    }
    const where = freed.length === 0 ? 'no worker held it' : `its workers are free in ${freed.join(', ')}`;
    return { outcomes: [], note: `job ${event.job.id} completed without starting: ${where}` };
  }

  /**
   * The fast path for one event: the same decide() and executor on an observation built
   * from the event and the stored picture of the pool, with no listing calls and no lock.
   * A queued job is claimed before its launch, so duplicates launch once.
   */
  async handleJobEvent(event: JobEvent): Promise<EventResult> {
    const at = this.deps.clock();
    return { ...(await this.dispatchEvent(event)), event, at };
  }

  private async dispatchEvent(event: JobEvent): Promise<EventResult> {
    const runtime = this.poolFor(event);
    if (runtime === undefined) {
      const where = event.owner === undefined ? '' : ` in ${event.owner}/${event.repo ?? '?'}`;
      return {
        outcomes: [],
        note: `job ${event.job.id}${where} matches no pool (labels ${event.job.labels.join(', ')})`,
      };
    }
    const name = runtime.policy.name;
    // A replica service has one count: an event that could change it runs the full
    // reconcile (under the lock, with its check before any lower count), never a partial one.
    if (runtime.provider.capacity === 'replica') {
      if (event.action !== 'queued' && event.action !== 'completed')
        return { pool: name, outcomes: [], note: `${event.action} for job ${event.job.id}` };
      return this.reconcileForEvent(name);
    }
    if (event.action === 'queued') return this.launchInOrder(event);
    const runner = event.runnerName;
    // The runner's own pool, which may not be the job's (jobStarted says why).
    const owner = runner === undefined ? undefined : this.poolOfRunner(runner);
    if (event.action === 'completed' && runner !== undefined && owner !== undefined)
      return this.fast.remove(owner, runner);
    if (event.action === 'completed' && runner === undefined)
      return { pool: name, ...(await this.jobEnded(event)) };
    if (event.action === 'in_progress' && runner !== undefined)
      return this.jobStarted(runtime, owner, runner, event.job);
    return {
      pool: name,
      outcomes: [],
      note: `${event.action} for job ${event.job.id}: nothing to do until it is runnable`,
    };
  }

  private async reconcileForEvent(name: string): Promise<EventResult> {
    const r = await this.reconcile(name);
    return {
      pool: name,
      outcomes: r.outcomes,
      ...(r.decision && { decision: r.decision }),
      note: r.decision?.reason ?? r.result,
    };
  }

  /** The ephemeral pool whose worker names this runner has (pool names never prefix each other). */
  private poolOfRunner(runner: string): PoolRuntime | undefined {
    return this.deps.pools.find(
      (p) => p.provider.capacity === 'ephemeral' && runner.startsWith(workerPrefix(p.policy)),
    );
  }

  /**
   * A runner took a job (job-started.ts). When it had been started for another job, which
   * now has no worker, its pool reconciles at once: the listing has that job's labels, so
   * its new worker is launched as the loop would, only sooner. The result is the runner's
   * pool's: its runner started the job, and any launch is its own.
   */
  private async jobStarted(
    runtime: PoolRuntime,
    owner: PoolRuntime | undefined,
    runner: string,
    job: Job,
  ): Promise<EventResult> {
    const pools = { job: runtime.policy.name, runner: owner?.policy.name };
    const left = await recordJobStarted(this.deps.store, pools, runner, job.id, this.deps.clock());
    const pool = pools.runner ?? pools.job;
    const note = `${runner} runs job ${job.id}`;
    if (left === undefined) return { pool, outcomes: [], note };
    const r = await this.reconcileForEvent(pool);
    return { ...r, note: `${note}, not ${left}, which it was started for: ${r.note}` };
  }
}
