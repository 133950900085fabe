import { repoOf, type ApiContext } from './api-context.js';
import { createdFilter } from './created-filter.js';
import { notFound } from './fake-error.js';
import { listing } from './pagination.js';
import { restJobBody, runBody, runStatus } from './rest-shapes.js';
import {
  bindRoute,
  idParam,
  type ApiResponse,
  type Handler,
  type Route,
  type RouteRequest,
} from './route.js';
import type { FakeJob, FakeRun } from './types.js';

const ACTIONS_READ = { permission: 'actions', accepted: 'actions=read' } as const;
const ACTIONS_WRITE = { permission: 'actions', accepted: 'actions=write' } as const;
/** GitHub serves at most this many runs to a listing filtered by `created` or `status` (a search). */
const SEARCH_CAP = 1_000;

/** `status` filters on a run's status or its conclusion, as GitHub's parameter does. */
function matchesStatus(jobs: readonly FakeJob[], wanted: string | null): boolean {
  if (wanted === null) return true;
  const { status, conclusion } = runStatus(jobs);
  return status === wanted || conclusion === wanted;
}

function runOf(ctx: ApiContext, params: Readonly<Record<string, string>>): FakeRun {
  const repo = repoOf(ctx, params);
  const id = idParam(params, 'run_id');
  const run = id === undefined ? undefined : ctx.state.runs.get(id);
  if (run?.repo !== repo) throw notFound();
  return run;
}

function jobBody(ctx: ApiContext, job: FakeJob): ReturnType<typeof restJobBody> {
  return restJobBody(job, ctx.state.run(job.runId), ctx.shapes);
}

function listRuns(ctx: ApiContext, { params, url }: RouteRequest): ApiResponse {
  const repo = repoOf(ctx, params);
  const wanted = url.searchParams.get('status');
  const created = createdFilter(url.searchParams.get('created'));
  // Newest first, as GitHub lists them.
  const runs = [...ctx.state.runs.values()]
    .filter((r) => r.repo === repo && created(r.createdAt))
    .map((r) => ({ run: r, jobs: ctx.state.jobsOfRun(r.id) }))
    .filter(({ jobs }) => matchesStatus(jobs, wanted))
    .sort((a, b) => b.run.createdAt - a.run.createdAt || b.run.id - a.run.id);
  const searched = url.searchParams.has('status') || url.searchParams.has('created');
  const served = searched ? runs.slice(0, SEARCH_CAP) : runs;
  const bodies = served.map(({ run, jobs }) => runBody(run, jobs, ctx.shapes));
  return listing('workflow_runs', bodies, url, runs.length);
}

function getRun(ctx: ApiContext, { params }: RouteRequest): ApiResponse {
  const run = runOf(ctx, params);
  return { status: 200, body: runBody(run, ctx.state.jobsOfRun(run.id), ctx.shapes) };
}

function listJobs(ctx: ApiContext, { params, url }: RouteRequest): ApiResponse {
  const run = runOf(ctx, params);
  const bodies = ctx.state.jobsOfRun(run.id).map((job) => jobBody(ctx, job));
  return listing('jobs', bodies, url);
}

function getJob(ctx: ApiContext, { params }: RouteRequest): ApiResponse {
  const repo = repoOf(ctx, params);
  const id = idParam(params, 'job_id');
  const job = id === undefined ? undefined : ctx.state.jobs.get(id);
  if (job?.repo !== repo) throw notFound();
  return { status: 200, body: jobBody(ctx, job) };
}

function rerunJob(ctx: ApiContext, { params }: RouteRequest): ApiResponse {
  const repo = repoOf(ctx, params);
  const id = idParam(params, 'job_id');
  const job = id === undefined ? undefined : ctx.state.jobs.get(id);
  if (job?.repo !== repo) throw notFound();
  ctx.state.rerun(job.id);
  return { status: 201, body: {} };
}

/** Workflow runs and their jobs, read with `actions: read`; a job re-run needs `actions: write`. */
export function actionsRoutes(ctx: ApiContext): Route[] {
  const get = (pattern: string, handle: Handler<ApiContext>): Route =>
    bindRoute(ctx, { method: 'GET', pattern, auth: 'token', permission: ACTIONS_READ }, handle);
  return [
    bindRoute(
      ctx,
      {
        method: 'POST',
        pattern: '/repos/{owner}/{repo}/actions/jobs/{job_id}/rerun',
        auth: 'token',
        permission: ACTIONS_WRITE,
      },
      rerunJob,
    ),
    get('/repos/{owner}/{repo}/actions/runs', listRuns),
    get('/repos/{owner}/{repo}/actions/runs/{run_id}', getRun),
    get('/repos/{owner}/{repo}/actions/runs/{run_id}/jobs', listJobs),
    get('/repos/{owner}/{repo}/actions/jobs/{job_id}', getJob),
  ];
}
