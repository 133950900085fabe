import type { Octokit } from './api.js';
import { githubError } from './errors.js';
import { repositories } from './jobs.js';
import type { Scope } from './scope.js';

export interface ExportOptions {
  /** Owner of the repositories (the organisation for an org scope). */
  readonly owner: string;
  /** Runs created at or after this time. */
  readonly since: Date;
  /** Runs created at or before this time; default now. A fixed end keeps pages from shifting as new runs arrive. */
  readonly until?: Date;
  /** Runs whose jobs have been read, of all runs found. */
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * One finished job, shaped like the simulator's `TraceJob` (sources import no other
 * layer, so the runtime hands this to the trace format structurally).
 */
export interface ExportedJob {
  readonly id: string;
  /** Seconds from `start`, the earliest job's creation. */
  readonly at: number;
  /** Seconds from started to completed. */
  readonly duration: number;
  readonly labels: readonly string[];
}

/** The finished jobs, ordered by creation, and what was left out. */
export interface JobHistory {
  readonly jobs: readonly ExportedJob[];
  /** ISO time of the earliest job's creation; absent when no job was exported. */
  readonly start?: string;
  readonly runs: number;
  readonly skipped: {
    /** Still queued or running. */
    readonly notCompleted: number;
    /** Completed without ever running on a runner: cancelled while queued, or skipped. */
    readonly neverStarted: number;
  };
}

/**
 * GitHub answers at most 1,000 runs to a listing filtered by `created` (the filter goes
 * through search): a window that reaches it is split in two, down to one second.
 */
const SEARCH_CAP = 1_000;
const PER_PAGE = 100;

interface RunRef {
  readonly repo: string;
  readonly id: number;
}

interface GithubJob {
  readonly id: number | bigint;
  readonly status: string;
  readonly conclusion: string | null;
  readonly created_at: string;
  readonly started_at: string;
  readonly completed_at: string | null;
  readonly labels: readonly string[];
  readonly runner_id: number | null;
  readonly runner_name: string | null;
}

/** GitHub writes times to the second, and its search takes them that way. */
function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

async function runsIn(
  octokit: Octokit,
  owner: string,
  repo: string,
  from: number,
  to: number,
): Promise<number[]> {
  const created = `${isoSeconds(from)}..${isoSeconds(to)}`;
  const list = (page: number) =>
    octokit.request('GET /repos/{owner}/{repo}/actions/runs', {
      owner,
      repo,
      created,
      per_page: PER_PAGE,
      page,
    });
  const first = (await list(1)).data;
  if (first.total_count >= SEARCH_CAP && to - from >= 2_000) {
    const mid = from + Math.floor((to - from) / 2_000) * 1_000;
    return [
      ...(await runsIn(octokit, owner, repo, from, mid)),
      ...(await runsIn(octokit, owner, repo, mid + 1_000, to)),
    ];
  }
  const ids = first.workflow_runs.map((r) => Number(r.id));
  const pages = Math.ceil(Math.min(first.total_count, SEARCH_CAP) / PER_PAGE);
  for (let page = 2; page <= pages; page++)
    ids.push(...(await list(page)).data.workflow_runs.map((r) => Number(r.id)));
  return ids;
}

async function runsOf(octokit: Octokit, scope: Scope, options: ExportOptions): Promise<RunRef[]> {
  const from = Math.floor(options.since.getTime() / 1_000) * 1_000;
  const to = Math.floor((options.until ?? new Date()).getTime() / 1_000) * 1_000;
  const refs: RunRef[] = [];
  const seen = new Set<number>();
  for (const repo of await repositories(octokit, scope, false)) {
    try {
      for (const id of await runsIn(octokit, options.owner, repo, from, to)) {
        if (!seen.has(id)) refs.push({ repo, id });
        seen.add(id);
      }
    } catch (err) {
      throw githubError(`list workflow runs of ${options.owner}/${repo}`, err);
    }
  }
  return refs;
}

type Outcome =
  { readonly job: Omit<ExportedJob, 'at'>; readonly createdMs: number } | keyof JobHistory['skipped'];

function outcomeOf(j: GithubJob): Outcome {
  if (j.status !== 'completed' || j.completed_at === null) return 'notCompleted';
  const ran = (j.runner_id ?? 0) > 0 || (j.runner_name ?? '') !== '';
  if (!ran || j.conclusion === 'skipped') return 'neverStarted';
  const createdMs = Date.parse(j.created_at);
  const seconds = (Date.parse(j.completed_at) - Date.parse(j.started_at)) / 1_000;
  if (Number.isNaN(createdMs) || Number.isNaN(seconds)) return 'neverStarted';
  // Whole-second timestamps read a job that ran under a second as 0 s; a trace needs > 0.
  return { job: { id: String(j.id), duration: Math.max(1, seconds), labels: [...j.labels] }, createdMs };
}

function toHistory(
  found: { job: Omit<ExportedJob, 'at'>; createdMs: number }[],
  rest: Omit<JobHistory, 'jobs' | 'start'>,
): JobHistory {
  if (found.length === 0) return { jobs: [], ...rest };
  found.sort((a, b) => a.createdMs - b.createdMs || Number(a.job.id) - Number(b.job.id));
  const origin = found[0]?.createdMs ?? 0;
  const jobs = found.map(({ job, createdMs }) => ({ ...job, at: (createdMs - origin) / 1_000 }));
  return { jobs, start: isoSeconds(origin), ...rest };
}

/**
 * The finished jobs of every workflow run created since `since` in the scope's
 * repositories, as a trace: `at` counts from the earliest job's creation (`start`),
 * `duration` is completed - started. Requests go one after another, as GitHub asks of
 * clients, so a long history takes a while: `onProgress` says how far it got.
 */
export async function exportJobHistory(
  octokit: Octokit,
  scope: Scope,
  options: ExportOptions,
): Promise<JobHistory> {
  const runs = await runsOf(octokit, scope, options);
  const found: { job: Omit<ExportedJob, 'at'>; createdMs: number }[] = [];
  const skipped = { notCompleted: 0, neverStarted: 0 };
  for (const [index, run] of runs.entries()) {
    let list: GithubJob[];
    try {
      list = await octokit.paginate('GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs', {
        owner: options.owner,
        repo: run.repo,
        run_id: run.id,
        filter: 'all',
        per_page: PER_PAGE,
      });
    } catch (err) {
      throw githubError(`list jobs of run ${run.id} in ${options.owner}/${run.repo}`, err);
    }
    for (const j of list) {
      const outcome = outcomeOf(j);
      if (typeof outcome === 'string') skipped[outcome] += 1;
      else found.push(outcome);
    }
    options.onProgress?.(index + 1, runs.length);
  }
  return toHistory(found, { runs: runs.length, skipped });
}
