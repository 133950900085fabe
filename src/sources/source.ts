import type { DoctorCheck } from '../core/doctor.js';
import type { Job, LaunchTarget, PoolPolicy } from '../core/types.js';

/** A worker registration as the CI system sees it (GitHub runner, TFC agent). */
export interface Registration {
  readonly name: string;
  readonly online: boolean;
  readonly busy: boolean;
  /** The job the CI system says this registration runs, when it says. */
  readonly jobId?: string;
  /** The address the agent reports (TFC), to join replicas that declare no agent name. */
  readonly ip?: string;
}

export interface SourceSnapshot {
  readonly jobs: readonly Job[];
  readonly registrations: readonly Registration[];
  /** API requests this snapshot cost (304s included: they are counted, though free). */
  readonly apiCalls: number;
}

/** What a new worker needs to join the CI system; every value in `secrets` is masked everywhere. */
export interface WorkerCredentials {
  readonly env: Readonly<Record<string, string>>;
  readonly secrets: readonly string[];
}

export type DeregisterResult = 'removed' | 'absent' | 'busy';

/** `not-yet`: the CI system refused for now (GitHub re-runs a job only once its run has ended). */
export interface RerunResult {
  readonly result: 'requested' | 'not-yet';
  readonly detail: string;
}

/** Where demand comes from. One instance serves the pools configured with it. */
export interface Source {
  readonly type: string;
  /** Sources with the same scope see the same jobs: rule 7 routes those jobs among their pools. */
  readonly scope: string;
  snapshot(pool: PoolPolicy): Promise<SourceSnapshot>;
  /**
   * Whether jobs of this repository are this source's (GitHub: its repository, or its
   * organisation and the repositories it lists). An org or App webhook delivers every
   * repository's events; a runner registered here could never take another's job.
   * Absent: every job the event names.
   */
  serves?(owner: string, repo: string): boolean;
  /** Registers a worker for a launch (GitHub: a JIT config). ProviderError.alreadyExists when the name is taken. */
  register(pool: PoolPolicy, target: LaunchTarget): Promise<WorkerCredentials>;
  /** Removes a registration; `busy` means the CI system refused because a job runs on it. */
  deregister(pool: PoolPolicy, name: string): Promise<DeregisterResult>;
  /** Runs a job again whose worker the cloud took away (spot interruption). */
  rerun?(pool: PoolPolicy, jobId: string): Promise<RerunResult>;
  /** Checks credentials and permissions without changing anything. */
  doctor?(pool: PoolPolicy): Promise<readonly DoctorCheck[]>;
}
