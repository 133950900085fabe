import { FakeError, notFound } from './fake-error.js';
import type {
  FakeJob,
  FakeRecord,
  FakeRun,
  FakeRunner,
  JobConclusion,
  QueueJobOptions,
  RecordType,
  RunnerScope,
  WorkflowJobAction,
} from './types.js';

export interface StateDeps {
  readonly clock: () => number;
  readonly repos: readonly string[];
  /** Called on every job transition, in order; the webhook sender listens here. */
  readonly onJob: (action: WorkflowJobAction, job: FakeJob) => void;
}

export interface RegisterRunner {
  readonly scope: RunnerScope;
  readonly name: string;
  readonly labels: readonly string[];
  readonly groupId: number;
}

function inScope(runner: FakeRunner, scope: RunnerScope): boolean {
  return scope.kind === 'org'
    ? runner.scope.kind === 'org'
    : runner.scope.kind === 'repo' && runner.scope.repo === scope.repo;
}

/** GitHub's rule: every label of the job is among the runner's, case-insensitive. */
function fits(job: FakeJob, runner: FakeRunner): boolean {
  const have = new Set(runner.labels.map((l) => l.toLowerCase()));
  const reaches = runner.scope.kind === 'org' || runner.scope.repo === job.repo;
  return reaches && job.labels.every((l) => have.has(l.toLowerCase()));
}

/** Runners, runs and jobs of one organisation, and the records tests assert on. */
export class GitHubState {
  readonly runners = new Map<number, FakeRunner>();
  readonly jobs = new Map<number, FakeJob>();
  readonly runs = new Map<number, FakeRun>();
  readonly records: FakeRecord[] = [];
  private readonly labelIds = new Map<string, number>();
  private readonly runNumbers = new Map<string, number>();
  private nextRunnerId = 1;
  // Separate ranges for runs and jobs, so a test that mixes the two ids up fails.
  private nextRunId = 100;
  private nextJobId = 5000;

  constructor(private readonly deps: StateDeps) {}

  labelId(name: string): number {
    const key = name.toLowerCase();
    const known = this.labelIds.get(key);
    if (known !== undefined) return known;
    const id = this.labelIds.size + 1;
    this.labelIds.set(key, id);
    return id;
  }

  runnersIn(scope: RunnerScope): FakeRunner[] {
    return [...this.runners.values()].filter((r) => inScope(r, scope));
  }

  registerRunner(spec: RegisterRunner): FakeRunner {
    const taken = this.runnersIn(spec.scope).some((r) => r.name.toLowerCase() === spec.name.toLowerCase());
    if (taken) {
      throw new FakeError(409, `Already exists - A runner with the name ${spec.name} already exists.`);
    }
    const runner: FakeRunner = {
      id: this.nextRunnerId++,
      name: spec.name,
      scope: spec.scope,
      labels: [...spec.labels],
      groupId: spec.groupId,
      status: 'offline',
      busy: false,
      jobId: null,
      createdAt: this.deps.clock(),
    };
    this.runners.set(runner.id, runner);
    this.record('jitconfig', runner.name);
    return runner;
  }

  /** The REST delete: GitHub refuses while the runner runs a job. */
  deleteRunner(scope: RunnerScope, id: number): void {
    const runner = this.runners.get(id);
    if (runner === undefined || !inScope(runner, scope)) throw notFound();
    if (runner.busy) {
      this.record('delete-refused-busy', runner.name, runner.jobId ?? undefined);
      throw new FakeError(422, `Bad request - Runner "${runner.name}" is still running a job"`);
    }
    this.runners.delete(id);
    this.record('runner-deleted', runner.name);
  }

  runner(id: number): FakeRunner {
    const runner = this.runners.get(id);
    if (runner === undefined) throw new FakeError(404, `no runner ${id} (deleted, or never registered)`);
    return runner;
  }

  runnerNamed(name: string): FakeRunner {
    const found = [...this.runners.values()].filter((r) => r.name === name);
    if (found.length !== 1) {
      throw new FakeError(404, `${found.length} runners are named ${name}; expected exactly one`);
    }
    return found[0] as FakeRunner;
  }

  connect(runner: FakeRunner): void {
    if (runner.status === 'online') return;
    runner.status = 'online';
    this.record('runner-online', runner.name);
  }

  /**
   * Assigns the oldest queued job the runner fits. A runner that already holds a job gets
   * it again, so a retried acquire whose answer was lost does not strand the job.
   */
  acquire(runner: FakeRunner): FakeJob | undefined {
    if (runner.status !== 'online') throw new FakeError(409, `runner ${runner.name} has not connected`);
    if (runner.jobId !== null) return this.job(runner.jobId);
    const job = [...this.jobs.values()]
      .filter((j) => j.status === 'queued' && fits(j, runner))
      .sort((a, b) => a.createdAt - b.createdAt || a.id - b.id)[0];
    if (job !== undefined) this.start(runner, job);
    return job;
  }

  start(runner: FakeRunner, job: FakeJob): void {
    if (job.status !== 'queued') throw new FakeError(409, `job ${job.id} is ${job.status}, not queued`);
    if (runner.jobId !== null)
      throw new FakeError(409, `runner ${runner.name} already took job ${runner.jobId}`);
    this.connect(runner);
    runner.busy = true;
    runner.jobId = job.id;
    job.status = 'in_progress';
    job.startedAt = this.deps.clock();
    job.runnerId = runner.id;
    job.runnerName = runner.name;
    job.runnerGroupId = runner.groupId;
    this.record('job-started', runner.name, job.id);
    this.deps.onJob('in_progress', job);
  }

  /** Completes a job; its ephemeral runner deregisters. Completing twice is a no-op. */
  complete(jobId: number, conclusion: JobConclusion): FakeJob {
    const job = this.job(jobId);
    if (job.status === 'completed') return job;
    if (job.status !== 'in_progress') throw new FakeError(409, `job ${jobId} was never started`);
    job.status = 'completed';
    job.conclusion = conclusion;
    job.completedAt = this.deps.clock();
    const runner = job.runnerId === null ? undefined : this.runners.get(job.runnerId);
    if (runner?.jobId === job.id) this.runners.delete(runner.id);
    this.record('job-completed', job.runnerName ?? undefined, job.id);
    this.deps.onJob('completed', job);
    return job;
  }

  /** Cancels a job no runner took: completed and `cancelled`, with no runner and no start. */
  cancelQueued(jobId: number): FakeJob {
    const job = this.job(jobId);
    if (job.status !== 'queued') throw new FakeError(409, `job ${jobId} is ${job.status}, not queued`);
    job.status = 'completed';
    job.conclusion = 'cancelled';
    job.completedAt = this.deps.clock();
    this.deps.onJob('completed', job);
    return job;
  }

  /**
   * Re-runs a job of a run that has ended: a new job (new id, as GitHub's new attempt) with
   * the same name and labels, queued. GitHub refuses while the run is still going.
   */
  rerun(jobId: number): FakeJob {
    const old = this.job(jobId);
    if (old.status !== 'completed')
      throw new FakeError(403, `Unable to re-run job ${jobId}: it is ${old.status}`);
    if (this.jobsOfRun(old.runId).some((j) => j.status !== 'completed'))
      throw new FakeError(403, 'Unable to re-run a job while its workflow run is in progress');
    const job = this.queueJob({
      repo: old.repo,
      labels: old.labels,
      duration: old.duration,
      runId: old.runId,
      name: old.name,
    });
    this.record('job-rerun', undefined, old.id);
    return job;
  }

  job(id: number): FakeJob {
    const job = this.jobs.get(id);
    if (job === undefined) throw notFound();
    return job;
  }

  run(id: number): FakeRun {
    const run = this.runs.get(id);
    if (run === undefined) throw notFound();
    return run;
  }

  jobsOfRun(runId: number): FakeJob[] {
    return [...this.jobs.values()].filter((j) => j.runId === runId);
  }

  queueJob(options: QueueJobOptions): FakeJob {
    const repo = options.repo ?? this.deps.repos[0];
    if (repo === undefined || !this.deps.repos.includes(repo))
      throw new Error(`unknown repository ${repo ?? ''}`);
    if (options.labels.length === 0) throw new Error('a job needs at least one label');
    const run = this.runFor(repo, options);
    const id = this.nextJobId++;
    const job: FakeJob = {
      id,
      runId: run.id,
      repo,
      name: options.name ?? `job-${id}`,
      labels: [...options.labels],
      duration: options.duration,
      status: 'queued',
      conclusion: null,
      createdAt: this.deps.clock(),
      startedAt: null,
      completedAt: null,
      runnerId: null,
      runnerName: null,
      runnerGroupId: null,
    };
    this.jobs.set(id, job);
    this.deps.onJob('queued', job);
    return job;
  }

  private runFor(repo: string, options: QueueJobOptions): FakeRun {
    const existing = options.runId === undefined ? undefined : this.runs.get(options.runId);
    if (existing !== undefined) {
      if (existing.repo !== repo)
        throw new Error(`run ${existing.id} belongs to ${existing.repo}, not ${repo}`);
      return existing;
    }
    while (this.runs.has(this.nextRunId)) this.nextRunId++;
    const runNumber = (this.runNumbers.get(repo) ?? 0) + 1;
    this.runNumbers.set(repo, runNumber);
    const run: FakeRun = {
      id: options.runId ?? this.nextRunId++,
      repo,
      workflowName: options.workflowName ?? 'CI',
      headBranch: options.headBranch ?? 'main',
      runNumber,
      createdAt: this.deps.clock(),
    };
    this.runs.set(run.id, run);
    return run;
  }

  private record(type: RecordType, runner?: string, job?: number): void {
    this.records.push({
      at: this.deps.clock(),
      type,
      ...(runner !== undefined && { runner }),
      ...(job !== undefined && { job }),
    });
  }
}
