/**
 * What the simulated world keeps about jobs, machines and runners, and how the CI system
 * shows a job and a runner to a listing.
 */
import type { Job } from '../core/types.js';
import type { Registration } from '../sources/source.js';

export interface SimJob {
  readonly id: string;
  readonly labels: readonly string[];
  readonly kind?: string;
  readonly group?: string;
  readonly durationMs: number;
  readonly queuedAt: number;
  /**
   * When it could first run: at once, or when the job ahead of it in its group (a
   * workspace, a concurrency group) finished. Its wait counts from here: the time spent
   * behind the group's lock is no autoscaler's to shorten.
   */
  runnableAt?: number;
  startedAt?: number;
  runner?: string;
  state: 'queued' | 'running' | 'done';
  /** Times a worker under it was taken away (spot) and the job queued again. */
  interrupted: number;
  /** The last listed view of this job, handed out again while it still holds (listings are hot). */
  view?: Job;
}

export interface SimMachine {
  readonly name: string;
  readonly pool: string;
  readonly launchedAt: number;
  readonly jobId?: string;
  onlineAt?: number;
  endedAt?: number;
  state: 'starting' | 'running' | 'exited' | 'gone';
  exitCode?: number;
  runsJob?: string | undefined;
  /** Jobs it ran to completion. */
  jobsRun: number;
  busyMs: number;
  /**
   * When the job it runs now, or ran last, started on it (a re-queued job's first start was
   * elsewhere); unset while it never started one: a wasted launch.
   */
  busySince?: number;
  /** Terminated by the autoscaler while it ran a job. */
  killedBusy: boolean;
  /** Since when it is online with no job; unset while booting, busy or ended. */
  freeSince?: number | undefined;
  /** Idle time that ended with it taking a job (it was ready when the job came). */
  idleUntilJobMs: number;
}

export interface Runner {
  readonly name: string;
  readonly pool: string;
  online: boolean;
  jobId?: string;
  /** The last listed view of this runner, as for SimJob.view. */
  view?: Registration;
}

export interface WorldCounts {
  queued: number;
  running: number;
  booting: number;
  idle: number;
  busy: number;
}

/**
 * The job as the CI system shows it. The view is kept and handed out again while its
 * state and runner hold: the engine treats observations as read-only, and a listing of a
 * few hundred jobs per reconcile is otherwise the simulator's largest allocation.
 */
export function jobView(job: SimJob, waiting: boolean): Job {
  const state = job.state === 'running' ? 'running' : waiting ? 'waiting' : 'queued';
  const v = job.view;
  if (v !== undefined && v.state === state && v.workerId === job.runner) return v;
  return (job.view = {
    id: job.id,
    state,
    labels: job.labels,
    queuedAt: job.queuedAt,
    ...(job.kind !== undefined && { kind: job.kind }),
    ...(job.group !== undefined && { group: job.group }),
    ...(job.runner !== undefined && { workerId: job.runner }),
  });
}

/** The runner as the CI system lists it, kept as jobView keeps a job's. */
export function registrationView(r: Runner): Registration {
  const v = r.view;
  if (v !== undefined && v.online === r.online && v.jobId === r.jobId) return v;
  return (r.view = {
    name: r.name,
    online: r.online,
    busy: r.jobId !== undefined,
    ...(r.jobId !== undefined && { jobId: r.jobId }),
  });
}
