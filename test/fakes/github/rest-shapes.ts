import { createHash } from 'node:crypto';
import type { components } from '@octokit/openapi-types';
import type { WorkflowJob } from '@octokit/webhooks-types';
import { minimalRepository, simpleUser, type RepoIdentity } from './repository-shapes.js';
import type { FakeJob, FakeRun, FakeRunner, FakeRunnerGroup } from './types.js';

type Schemas = components['schemas'];

/** What the shapes need beyond the objects themselves: names, ids and the base URL. */
export interface ShapeContext {
  readonly baseUrl: string;
  readonly owner: string;
  readonly ownerId: number;
  readonly repoId: (repo: string) => number;
  readonly labelId: (label: string) => number;
  readonly groupName: (groupId: number) => string;
}

/** GitHub writes timestamps to the second, without milliseconds. */
export function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function repoIdentity(ctx: ShapeContext, repo: string): RepoIdentity {
  return { baseUrl: ctx.baseUrl, owner: ctx.owner, ownerId: ctx.ownerId, name: repo, id: ctx.repoId(repo) };
}

export function headSha(run: Pick<FakeRun, 'id' | 'repo'>): string {
  return createHash('sha1').update(`${run.repo}:${run.id}`).digest('hex');
}

export function runnerBody(runner: FakeRunner, ctx: ShapeContext): Schemas['runner'] {
  return {
    id: runner.id,
    name: runner.name,
    os: 'linux',
    status: runner.status,
    busy: runner.busy,
    ephemeral: true,
    runner_group_id: runner.groupId,
    labels: runner.labels.map((name) => ({ id: ctx.labelId(name), name, type: 'custom' })),
  };
}

export function runnerGroupBody(group: FakeRunnerGroup, ctx: ShapeContext): Schemas['runner-groups-org'] {
  const url = `${ctx.baseUrl}/orgs/${ctx.owner}/actions/runner-groups/${group.id}`;
  return {
    id: group.id,
    name: group.name,
    visibility: 'all',
    default: group.id === 1,
    runners_url: `${url}/runners`,
    inherited: false,
    allows_public_repositories: false,
    restricted_to_workflows: false,
    selected_workflows: [],
    workflow_restrictions_read_only: false,
  };
}

/**
 * One job as both the REST API and the `workflow_job` webhook show it. GitHub fills
 * `started_at` with the creation time while a job is queued.
 */
export function jobBody(job: FakeJob, run: FakeRun, ctx: ShapeContext): WorkflowJob {
  const repoPath = `${ctx.owner}/${job.repo}`;
  return {
    id: job.id,
    run_id: job.runId,
    run_attempt: 1,
    run_url: `${ctx.baseUrl}/repos/${repoPath}/actions/runs/${job.runId}`,
    head_sha: headSha(run),
    node_id: `CR_${Buffer.from(`fake:${job.id}`).toString('base64url')}`,
    name: job.name,
    check_run_url: `${ctx.baseUrl}/repos/${repoPath}/check-runs/${job.id}`,
    html_url: `https://github.com/${repoPath}/actions/runs/${job.runId}/job/${job.id}`,
    url: `${ctx.baseUrl}/repos/${repoPath}/actions/jobs/${job.id}`,
    status: job.status,
    steps: [],
    conclusion: job.conclusion,
    labels: [...job.labels],
    runner_id: job.runnerId,
    runner_name: job.runnerName,
    runner_group_id: job.runnerGroupId,
    runner_group_name: job.runnerGroupId === null ? null : ctx.groupName(job.runnerGroupId),
    started_at: iso(job.startedAt ?? job.createdAt),
    completed_at: job.completedAt === null ? null : iso(job.completedAt),
    workflow_name: run.workflowName,
    head_branch: run.headBranch,
    created_at: iso(job.createdAt),
  };
}

export function restJobBody(job: FakeJob, run: FakeRun, ctx: ShapeContext): Schemas['job'] {
  return jobBody(job, run, ctx);
}

/** A run is queued while all its jobs are, completed once all are, in progress otherwise. */
export function runStatus(jobs: readonly FakeJob[]): {
  status: FakeJob['status'];
  conclusion: FakeJob['conclusion'];
} {
  if (jobs.every((j) => j.status === 'queued')) return { status: 'queued', conclusion: null };
  if (!jobs.every((j) => j.status === 'completed')) return { status: 'in_progress', conclusion: null };
  const failed = jobs.find((j) => j.conclusion !== 'success');
  return {
    status: 'completed',
    conclusion: failed === undefined ? 'success' : (failed.conclusion ?? 'failure'),
  };
}

function lastChange(run: FakeRun, jobs: readonly FakeJob[]): number {
  const times = jobs.flatMap((j) => [j.createdAt, j.startedAt ?? 0, j.completedAt ?? 0]);
  return Math.max(run.createdAt, ...times);
}

export function runBody(run: FakeRun, jobs: readonly FakeJob[], ctx: ShapeContext): Schemas['workflow-run'] {
  const url = `${ctx.baseUrl}/repos/${ctx.owner}/${run.repo}/actions/runs/${run.id}`;
  const repository = minimalRepository(repoIdentity(ctx, run.repo));
  const actor = simpleUser(ctx);
  const sha = headSha(run);
  return {
    id: run.id,
    name: run.workflowName,
    node_id: `WFR_${Buffer.from(`fake:${run.id}`).toString('base64url')}`,
    check_suite_id: run.id + 1_000_000,
    head_branch: run.headBranch,
    head_sha: sha,
    path: '.github/workflows/ci.yml',
    display_title: run.workflowName,
    run_number: run.runNumber,
    run_attempt: 1,
    event: 'push',
    ...runStatus(jobs),
    workflow_id: 1,
    url,
    html_url: `https://github.com/${ctx.owner}/${run.repo}/actions/runs/${run.id}`,
    pull_requests: [],
    created_at: iso(run.createdAt),
    updated_at: iso(lastChange(run, jobs)),
    run_started_at: iso(run.createdAt),
    actor,
    triggering_actor: actor,
    jobs_url: `${url}/jobs`,
    logs_url: `${url}/logs`,
    check_suite_url: `${ctx.baseUrl}/repos/${ctx.owner}/${run.repo}/check-suites/${run.id + 1_000_000}`,
    artifacts_url: `${url}/artifacts`,
    cancel_url: `${url}/cancel`,
    rerun_url: `${url}/rerun`,
    previous_attempt_url: null,
    workflow_url: `${ctx.baseUrl}/repos/${ctx.owner}/${run.repo}/actions/workflows/1`,
    head_commit: {
      id: sha,
      tree_id: sha,
      message: run.workflowName,
      timestamp: iso(run.createdAt),
      author: { name: 'Octo Cat', email: 'octocat@example.com' },
      committer: { name: 'GitHub', email: 'noreply@github.com' },
    },
    repository,
    head_repository: repository,
  };
}
