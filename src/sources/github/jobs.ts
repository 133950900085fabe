import type { Job } from '../../core/types.js';
import type { Octokit } from './api.js';
import { githubError } from './errors.js';
import type { Scope } from './scope.js';

const ACTIVE_RUN = new Set(['queued', 'in_progress', 'waiting', 'requested', 'pending']);
/** Pages of runs read at most per repository, newest first, while every run on a page is active. */
const MAX_RUN_PAGES = 5;

/** GitHub job status -> our job state; `waiting`/`pending` wait for an approval or a concurrency group. */
export function jobState(status: string): Job['state'] | undefined {
  if (status === 'queued' || status === 'requested') return 'queued';
  if (status === 'in_progress') return 'running';
  if (status === 'waiting' || status === 'pending') return 'waiting';
  return undefined;
}

export interface GithubJobFields {
  readonly id: number;
  readonly status: string;
  readonly labels: readonly string[];
  readonly created_at?: string | undefined;
  readonly runner_name?: string | null | undefined;
}

export function toJob(j: GithubJobFields): Job | undefined {
  const state = jobState(j.status);
  if (state === undefined) return undefined;
  const queuedAt = j.created_at === undefined ? Number.NaN : Date.parse(j.created_at);
  const runner = state === 'running' ? (j.runner_name ?? undefined) : undefined;
  return {
    id: String(j.id),
    state,
    labels: j.labels,
    ...(!Number.isNaN(queuedAt) && { queuedAt }),
    ...(runner !== undefined && runner !== '' && { workerId: runner }),
  };
}

export async function repositories(octokit: Octokit, scope: Scope, isApp: boolean): Promise<string[]> {
  if (scope.kind === 'repo') return [scope.repo];
  if (scope.repositories !== undefined) return [...scope.repositories];
  try {
    if (isApp) {
      const repos = await octokit.paginate('GET /installation/repositories', {
        per_page: 100,
      });
      return repos.map((r) => r.name);
    }
    const repos = await octokit.paginate('GET /orgs/{org}/repos', { org: scope.org, per_page: 100 });
    return repos.filter((r) => r.archived !== true).map((r) => r.name);
  } catch (err) {
    throw githubError(`list repositories of ${scope.org}`, err);
  }
}

/** One listing of a repository's runs (the newest first), its pages up to MAX_RUN_PAGES. */
async function listRuns(
  octokit: Octokit,
  owner: string,
  repo: string,
  status: 'queued' | 'in_progress' | undefined,
  into: Set<number>,
): Promise<number> {
  let first = 0;
  for (let page = 1; page <= MAX_RUN_PAGES; page++) {
    const { data } = await octokit.request('GET /repos/{owner}/{repo}/actions/runs', {
      owner,
      repo,
      per_page: 100,
      page,
      ...(status !== undefined && { status }),
    });
    if (page === 1) first = data.workflow_runs.length;
    // Octokit's types allow a bigint id (past 2^53); run ids are far below that.
    for (const r of data.workflow_runs) if (ACTIVE_RUN.has(r.status ?? '')) into.add(Number(r.id));
    // Unfiltered, one page is the look at the newest runs; filtered, every page counts.
    if (status === undefined || data.workflow_runs.length < 100) break;
  }
  return first;
}

/**
 * Active runs of one repository, newest first. One unfiltered page answers both "queued"
 * and "in progress" for the newest 100 runs (a running workflow holds queued jobs and
 * matrix legs), so a quiet repository costs one conditional request. Past 100 runs an
 * older run can still be active (a job waiting hours for its machine; a re-run keeps its
 * run's place), so the queued and in-progress listings are read too (DOMAIN.md).
 */
async function activeRuns(octokit: Octokit, owner: string, repo: string): Promise<number[]> {
  const ids = new Set<number>();
  const newest = await listRuns(octokit, owner, repo, undefined, ids);
  if (newest === 100)
    for (const status of ['queued', 'in_progress'] as const)
      await listRuns(octokit, owner, repo, status, ids);
  return [...ids];
}

/** Queued, waiting and running jobs of a repository's active runs. */
export async function repositoryJobs(octokit: Octokit, owner: string, repo: string): Promise<Job[]> {
  try {
    const jobs: Job[] = [];
    for (const runId of await activeRuns(octokit, owner, repo)) {
      const list = await octokit.paginate('GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs', {
        owner,
        repo,
        run_id: runId,
        filter: 'latest',
        per_page: 100,
      });
      for (const j of list) {
        const job = toJob(j);
        if (job !== undefined) jobs.push(job);
      }
    }
    return jobs;
  } catch (err) {
    throw githubError(`list jobs of ${owner}/${repo}`, err);
  }
}
