/**
 * Domain types of the decision core. Times are epoch milliseconds: core never reads a
 * clock, `now` arrives in the observation. See ../shared/ARCHITECTURE.md "Decision rules".
 */

export type JobState = 'queued' | 'running' | 'waiting';
export const JOB_STATES: readonly JobState[] = ['queued', 'running', 'waiting'];

export interface Job {
  readonly id: string;
  readonly state: JobState;
  /** Labels the job asks for (`runs-on`); empty for sources without labels (TFC). */
  readonly labels: readonly string[];
  /** Job kind for `slots.perJob` and capacity classes, e.g. `plan`, `apply`. */
  readonly kind?: string;
  /** Jobs sharing a group run one at a time (TFC workspace, concurrency group). */
  readonly group?: string;
  readonly queuedAt?: number;
  /** The worker that runs this job, when known. */
  readonly workerId?: string;
}

export type WorkerState = 'booting' | 'idle' | 'busy' | 'failed';
export const WORKER_STATES: readonly WorkerState[] = ['booting', 'idle', 'busy', 'failed'];

export interface Worker {
  readonly id: string;
  readonly state: WorkerState;
  readonly createdAt?: number;
  readonly idleSince?: number;
  /** The job the observation knows this worker runs. */
  readonly jobId?: string;
  readonly capacityClass?: string;
  /**
   * Replica services: until when scale-in protection holds (epoch ms; ECS task protection,
   * pod-deletion-cost); absent when unprotected.
   */
  readonly protectedUntil?: number;
}

/** Everything decide() knows about one pool at one instant, already joined. */
export interface PoolObservation {
  readonly now: number;
  readonly jobs: readonly Job[];
  readonly workers: readonly Worker[];
  readonly memory: Memory;
  /**
   * False on the fast path (one event, no listing calls): decide() may then only launch
   * for the jobs it sees, never scale in or clean up, because absent workers are unknown,
   * not gone. Defaults to true.
   */
  readonly complete?: boolean;
  /**
   * Replica pools, on a full observation: the count the service asks for now. It is above
   * the replicas in `workers` while the service cannot place tasks it was asked for (no
   * capacity), and those tasks run nowhere yet.
   */
  readonly serviceDesired?: number;
}

export type Mode = 'enabled' | 'disabled' | 'manual';
export type VictimOrder = 'oldest' | 'newest';

/** The resolved policy of one pool: config with preset and defaults applied, durations in ms. */
export interface PoolPolicy {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly warm: number;
  readonly priority: number;
  readonly mode: Mode;
  /** Target while `mode` is `manual`. */
  readonly manualTarget?: number;
  readonly scaleUpAfterMs: number;
  readonly scaleDownAfterMs: number;
  readonly scaleDownCooldownMs: number;
  readonly bootTimeoutMs: number;
  readonly maxLifetimeMs: number;
  readonly slotsPerWorker: number;
  readonly slotsPerJob: Readonly<Record<string, number>>;
  /** Labels of the pool's workers; undefined when the source has no labels (TFC). */
  readonly labels?: readonly string[];
  /**
   * Names of the `name=value` job labels the provider reads to choose the machine (EC2
   * `labelSelection`: `cpu` of `cpu=4`), lower case. A job may carry them beyond `labels`,
   * and the runner launched for it is registered with them, so that GitHub hands it that job.
   */
  readonly selectionLabels?: readonly string[];
  readonly victimOrder: VictimOrder;
  /** Launches for one job before it is reported instead of retried. */
  readonly maxAttempts: number;
  /**
   * `ephemeral`: one worker per job, launched and terminated one by one.
   * `replica`: a service count (ECS, Deployment); scale by set-desired, guard busy replicas by protection.
   */
  readonly capacity: 'ephemeral' | 'replica';
  /**
   * The capacity class this pool serves (one service of a replica pool). When set, a job
   * counts here only if `kinds` sends its kind to this class (unlisted kinds: `regular`).
   */
  readonly capacityClass?: string;
  /** Job kind -> capacity class (the pool's `kinds`). */
  readonly kinds?: Readonly<Record<string, string>>;
}

/**
 * Memory: the small versioned document core owns between decisions. Times are ISO
 * strings so the document reads well in state files and `plan` output.
 */
export interface MemoryV1 {
  readonly version: 1;
  /** Last policy scale event (launch or scale-in); hygiene never sets it. */
  readonly lastScaleEvent?: { readonly at: string; readonly direction: 'up' | 'down' };
  /** Since when healthy capacity has been above desired without a break. */
  readonly aboveTargetSince?: string;
  /** Since when desired has been above capacity without a break (for `scaleUp.after`). */
  readonly demandSince?: string;
  /** Launch attempts per job id, for worker names and bounded retries. */
  readonly attempts?: Readonly<Record<string, number>>;
}
export type Memory = MemoryV1;

export interface LaunchTarget {
  /** The job this worker is started for; absent for warm or minimum capacity. */
  readonly jobId?: string;
  readonly attempt: number;
  /** `<pool>-<job id>-<attempt>`: a second launch under the same name is refused downstream. */
  readonly name: string;
  /** The job's labels, for providers that choose the machine from them (EC2 `cpu=4`). */
  readonly labels?: readonly string[];
}

export type Action =
  | {
      readonly type: 'launch';
      readonly count: number;
      readonly for: readonly LaunchTarget[];
      readonly reason: string;
    }
  | {
      readonly type: 'terminate';
      readonly workerId: string;
      readonly hygiene: boolean;
      readonly reason: string;
    }
  | { readonly type: 'set-desired'; readonly desired: number; readonly reason: string }
  | { readonly type: 'protect'; readonly workerIds: readonly string[]; readonly reason: string }
  | { readonly type: 'unprotect'; readonly workerIds: readonly string[]; readonly reason: string };

export type ActionType = Action['type'];

export interface Decision {
  readonly pool: string;
  readonly desired: number;
  readonly actions: readonly Action[];
  readonly memory: Memory;
  readonly reason: string;
  /** Jobs that were not launched for because they used up their attempts. */
  readonly exhausted: readonly string[];
  /** Busy workers past `maxLifetime`: reported, never killed. */
  readonly overLifetimeBusy: readonly string[];
  /**
   * Which rule kept capacity above desired (`scaleDown.after`, the cooldown, or no idle
   * victim), when one did; absent when nothing was held or the pool is disabled.
   */
  readonly scaleInHeldBy?: ScaleInHold;
  /**
   * When launches held by `scaleUp.after` fall due (epoch ms), if demand lasts: a runtime
   * that stays up decides again then instead of at its next event or interval.
   */
  readonly launchDueAt?: number;
}

/** What kept idle capacity above desired: `scaleDown.after`, the cooldown, or no idle victim. */
export type ScaleInHold = 'after' | 'cooldown' | 'not-idle';

/** A job event (GitHub `workflow_job`), already parsed by a source: a hint, never the truth. */
export interface JobEvent {
  readonly action: 'queued' | 'waiting' | 'in_progress' | 'completed';
  readonly job: Job;
  /** The runner that took the job (in_progress, completed). */
  readonly runnerName?: string;
  /**
   * The job's repository, when the event names it (GitHub: `repository.owner.login` and
   * `repository.name`): only pools whose source serves it take the event.
   */
  readonly owner?: string;
  readonly repo?: string;
}

/** Reads the current time as epoch ms. Injected everywhere outside core. */
export type Clock = () => number;
