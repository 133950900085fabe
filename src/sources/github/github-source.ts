import { poolLabelsMatch, selectionLabelsOf } from '../../core/labels.js';
import type { Job, LaunchTarget, PoolPolicy } from '../../core/types.js';
import type { GithubSourceConfig } from '../../config/source-schema.js';
import { ProviderError } from '../../core/errors.js';
import type { DeregisterResult, RerunResult, Source, SourceSnapshot, WorkerCredentials } from '../source.js';
import type { GithubApi } from './api.js';
import type { DoctorCheck } from '../../core/doctor.js';
import { githubDoctor } from './doctor.js';
import { githubError } from './errors.js';
import { repositories, repositoryJobs } from './jobs.js';
import { deleteRunner, listRunners, runnerGroupId, type RunnerRecord } from './runners.js';
import { scopeKey, scopeOf, scopeServes, type Scope } from './scope.js';

/** The environment variable the official runner image reads its JIT config from. */
export const JIT_ENV = 'ACTIONS_RUNNER_INPUT_JITCONFIG';

/**
 * Jobs for GitHub-hosted runners (`ubuntu-latest`) are no business of any pool: keep a job
 * only when it asks for a self-hosted runner or matches this pool's labels.
 */
function wantsSelfHosted(job: Job, pool: PoolPolicy): boolean {
  if (job.labels.some((l) => l.toLowerCase() === 'self-hosted')) return true;
  return pool.labels !== undefined && poolLabelsMatch(job.labels, pool.labels, pool.selectionLabels);
}

export class GithubSource implements Source {
  readonly type = 'github';
  readonly scope: string;
  private readonly where: Scope;
  private readonly runnerIds = new Map<string, number>();
  /** The repository of each job listed so far: re-running a job needs it. */
  private readonly jobRepos = new Map<string, string>();
  private group: Promise<number> | undefined;

  constructor(
    private readonly config: GithubSourceConfig,
    private readonly api: GithubApi,
  ) {
    this.scope = scopeKey(config);
    this.where = scopeOf(config);
  }

  async snapshot(pool: PoolPolicy): Promise<SourceSnapshot> {
    const before = this.api.counter.calls;
    const { octokit } = this.api;
    const repos = await repositories(octokit, this.where, this.config.appId !== undefined);
    const [runners, ...perRepo] = await Promise.all([
      listRunners(octokit, this.where),
      ...repos.map((r) => repositoryJobs(octokit, this.config.owner, r)),
    ]);
    this.remember(runners ?? []);
    perRepo.forEach((list, i) => {
      const repo = repos[i];
      if (repo !== undefined) for (const j of list) this.jobRepos.set(j.id, repo);
    });
    const jobs = perRepo.flat().filter((j) => wantsSelfHosted(j, pool));
    return { jobs, registrations: runners ?? [], apiCalls: this.api.counter.calls - before };
  }

  serves(owner: string, repo: string): boolean {
    return scopeServes(this.where, owner, repo);
  }

  private remember(runners: readonly RunnerRecord[]): void {
    this.runnerIds.clear();
    for (const r of runners) this.runnerIds.set(r.name, r.id);
  }

  /** Looked up once per process: runner groups are set up by hand and rarely renamed. */
  private groupId(): Promise<number> {
    if (this.group === undefined) {
      const lookup = runnerGroupId(this.api.octokit, this.where, this.config.runnerGroup);
      // A failed lookup is not kept: the next launch asks again.
      lookup.catch(() => {
        if (this.group === lookup) this.group = undefined;
      });
      this.group = lookup;
    }
    return this.group;
  }

  async register(pool: PoolPolicy, target: LaunchTarget): Promise<WorkerCredentials> {
    const { octokit } = this.api;
    const body = {
      name: target.name,
      runner_group_id: await this.groupId(),
      // The job's machine-choosing labels too (cpu=4): GitHub gives a job only to a runner
      // that has every one of its labels.
      labels: [
        ...(pool.labels ?? this.config.labels),
        ...selectionLabelsOf(target.labels ?? [], pool.selectionLabels),
      ],
      work_folder: '_work',
      // Never retried: GitHub may have made the runner when the answer was lost (a 502, a
      // timeout), and the retry's 409 would read as "already launched" with nobody holding
      // its JIT config. Failed, the launch is tried again under the next attempt's name.
      request: { retries: 0 },
    };
    try {
      const { data } =
        this.where.kind === 'repo'
          ? await octokit.request('POST /repos/{owner}/{repo}/actions/runners/generate-jitconfig', {
              owner: this.where.owner,
              repo: this.where.repo,
              ...body,
            })
          : await octokit.request('POST /orgs/{org}/actions/runners/generate-jitconfig', {
              org: this.where.org,
              ...body,
            });
      this.runnerIds.set(data.runner.name, data.runner.id);
      return { env: { [JIT_ENV]: data.encoded_jit_config }, secrets: [data.encoded_jit_config] };
    } catch (err) {
      throw githubError(`generate JIT config for ${target.name}`, err);
    }
  }

  /**
   * POST .../actions/jobs/{job_id}/rerun (needs `actions: write`). GitHub answers 403 while
   * the job's run is still going, which is the normal case just after an interruption.
   * https://docs.github.com/en/rest/actions/workflow-runs#re-run-a-job-from-a-workflow-run
   */
  async rerun(_pool: PoolPolicy, jobId: string): Promise<RerunResult> {
    const repo = this.where.kind === 'repo' ? this.where.repo : this.jobRepos.get(jobId);
    if (repo === undefined)
      throw new ProviderError(`re-run job ${jobId}: its repository is not known (not listed since start)`, {
        status: 404,
      });
    try {
      await this.api.octokit.request('POST /repos/{owner}/{repo}/actions/jobs/{job_id}/rerun', {
        owner: this.config.owner,
        repo,
        job_id: Number(jobId),
      });
      return { result: 'requested', detail: `re-run of job ${jobId} requested` };
    } catch (err) {
      const e = githubError(`re-run job ${jobId}`, err);
      if (e.status === 403) return { result: 'not-yet', detail: e.message };
      throw e;
    }
  }

  doctor(): Promise<readonly DoctorCheck[]> {
    const { octokit } = this.api;
    return githubDoctor(octokit, this.where, this.config.owner, () =>
      repositories(octokit, this.where, this.config.appId !== undefined),
    );
  }

  async deregister(_pool: PoolPolicy, name: string): Promise<DeregisterResult> {
    let id = this.runnerIds.get(name);
    if (id === undefined) {
      this.remember(await listRunners(this.api.octokit, this.where));
      id = this.runnerIds.get(name);
    }
    if (id === undefined) return 'absent';
    const result = await deleteRunner(this.api.octokit, this.where, id);
    if (result !== 'busy') this.runnerIds.delete(name);
    return result;
  }
}
