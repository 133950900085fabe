import { getOctokit } from '@actions/github';
import { throttling } from '@octokit/plugin-throttling';
import { describe, expect, it } from 'vitest';
import { failure, jitRunner, OWNER, TOKEN, useFakeGitHub } from './github-helpers.js';

describe('FakeGitHub runners', () => {
  const t = useFakeGitHub();

  it('registers a JIT runner offline and refuses the same name with 409', async () => {
    const { data, status } = await t.octokit.rest.actions.generateRunnerJitconfigForRepo({
      owner: OWNER,
      repo: 'app',
      name: 'linux-1',
      runner_group_id: 1,
      labels: ['self-hosted', 'linux'],
      work_folder: '_work',
    });
    expect(status).toBe(201);
    expect(data.runner).toMatchObject({ name: 'linux-1', status: 'offline', busy: false, ephemeral: true });
    expect(data.runner.labels.map((l) => l.name)).toEqual(['self-hosted', 'linux']);
    const decoded = Buffer.from(data.encoded_jit_config, 'base64').toString('utf8');
    expect(decoded).toBe(`${t.gh.url} ${data.runner.id} linux-1`);

    const again = await failure(jitRunner(t.octokit, 'linux-1'));
    expect(again).toMatchObject({
      status: 409,
      message: 'Already exists - A runner with the name linux-1 already exists.',
    });
    expect(t.gh.records.map((r) => r.type)).toEqual(['jitconfig']);
  });

  it('refuses empty labels with 422', async () => {
    expect((await failure(jitRunner(t.octokit, 'x', []))).status).toBe(422);
  });

  it('lists runners per scope', async () => {
    await jitRunner(t.octokit, 'repo-runner');
    await t.octokit.rest.actions.generateRunnerJitconfigForOrg({
      org: OWNER,
      name: 'org-runner',
      runner_group_id: 1,
      labels: ['linux'],
    });
    const repo = await t.octokit.rest.actions.listSelfHostedRunnersForRepo({ owner: OWNER, repo: 'app' });
    const org = await t.octokit.rest.actions.listSelfHostedRunnersForOrg({ org: OWNER });
    expect(repo.data.runners.map((r) => r.name)).toEqual(['repo-runner']);
    expect(org.data).toMatchObject({ total_count: 1, runners: [{ name: 'org-runner', os: 'linux' }] });
    const groups = await t.octokit.request('GET /orgs/{org}/actions/runner-groups', { org: OWNER });
    expect(groups.data.runner_groups).toEqual([
      expect.objectContaining({ id: 1, name: 'Default', default: true }),
    ]);
  });

  it('refuses to delete a busy runner (422) and deletes an idle one (204)', async () => {
    const busy = await jitRunner(t.octokit, 'busy');
    const idle = await jitRunner(t.octokit, 'idle');
    const job = t.gh.queueJob({ labels: ['linux'], duration: 1 });
    t.gh.startJob('busy', job.id);
    const del = (id: number) =>
      t.octokit.rest.actions.deleteSelfHostedRunnerFromRepo({ owner: OWNER, repo: 'app', runner_id: id });

    expect(await failure(del(busy.id))).toMatchObject({
      status: 422,
      message: 'Bad request - Runner "busy" is still running a job"',
    });
    expect((await del(idle.id)).status).toBe(204);
    expect((await failure(del(idle.id))).status).toBe(404);
    expect(t.gh.records.slice(-2)).toMatchObject([
      { type: 'delete-refused-busy', runner: 'busy', job: job.id },
      { type: 'runner-deleted', runner: 'idle' },
    ]);
    expect(t.gh.unfinishedJobs().map((j) => j.id)).toEqual([job.id]);
  });
});

describe('FakeGitHub runs and jobs', () => {
  const t = useFakeGitHub();

  it('pages jobs of a run and filters runs by status', async () => {
    const first = t.gh.queueJob({ labels: ['linux'], duration: 1 });
    for (let i = 0; i < 129; i++) t.gh.queueJob({ labels: ['linux'], duration: 1, runId: first.runId });
    const other = t.gh.queueJob({ labels: ['linux'], duration: 1, runId: 777 });
    t.gh.queueJob({ repo: 'web', labels: ['linux'], duration: 1 });
    await jitRunner(t.octokit, 'r1', ['linux']);
    t.gh.startJob('r1', other.id);

    const jobs = await t.octokit.paginate(t.octokit.rest.actions.listJobsForWorkflowRun, {
      owner: OWNER,
      repo: 'app',
      run_id: first.runId,
      per_page: 100,
    });
    expect(jobs).toHaveLength(130);
    expect(new Set(jobs.map((j) => j.id)).size).toBe(130);
    expect(jobs[0]).toMatchObject({
      status: 'queued',
      run_id: first.runId,
      labels: ['linux'],
      runner_id: null,
    });
    const jobCalls = t.gh.requests.filter((r) => r.path.endsWith('/jobs'));
    expect(jobCalls.map((r) => r.query)).toEqual(['per_page=100', 'per_page=100&page=2']);

    const list = (status: 'queued' | 'in_progress') =>
      t.octokit.rest.actions.listWorkflowRunsForRepo({ owner: OWNER, repo: 'app', status });
    expect((await list('queued')).data.workflow_runs.map((r) => r.id)).toEqual([first.runId]);
    expect((await list('in_progress')).data.workflow_runs.map((r) => r.id)).toEqual([777]);
  });
});

describe('FakeGitHub conditional requests and failures', () => {
  const t = useFakeGitHub();
  const listRunners = (headers: Record<string, string> = {}) =>
    t.octokit.request('GET /repos/{owner}/{repo}/actions/runners', { owner: OWNER, repo: 'app', headers });

  it('answers 304 to a matching If-None-Match without spending rate limit', async () => {
    const first = await listRunners();
    const etag = first.headers.etag ?? '';
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
    expect(first.headers['x-ratelimit-resource']).toBe('core');
    const remaining = first.headers['x-ratelimit-remaining'];

    const second = await failure(listRunners({ 'if-none-match': etag }));
    expect(second.status).toBe(304);
    expect(second.headers['x-ratelimit-remaining']).toBe(remaining);

    await jitRunner(t.octokit, 'new');
    const third = await listRunners({ 'if-none-match': etag });
    expect(third.status).toBe(200);
    expect(third.headers.etag).not.toBe(etag);
    expect(Number(third.headers['x-ratelimit-remaining'])).toBe(Number(remaining) - 2);
    expect(t.gh.requests.map((r) => [r.status, r.notModified])).toEqual([
      [200, false],
      [304, true],
      [201, false],
      [200, false],
    ]);
  });

  it('refuses a bad token with 401 and an unknown route with 404', async () => {
    const bad = getOctokit('ghp_wrong', { baseUrl: t.gh.url });
    expect(await failure(bad.rest.actions.listSelfHostedRunnersForOrg({ org: OWNER }))).toMatchObject({
      status: 401,
      message: 'Bad credentials',
    });
    expect(
      await failure(t.octokit.request('GET /repos/{owner}/{repo}/nothing', { owner: OWNER, repo: 'app' })),
    ).toMatchObject({ status: 404, message: 'Not Found' });
    expect((await failure(listRunnersOf(t.octokit, 'other-repo'))).status).toBe(404);
  });

  it('names the missing permission in x-accepted-github-permissions', async () => {
    t.gh.missingPermission('administration');
    const repo = await failure(listRunners());
    expect(repo).toMatchObject({ status: 403, message: 'Resource not accessible by personal access token' });
    expect(repo.headers['x-accepted-github-permissions']).toBe('administration=write');
    const org = await failure(t.octokit.rest.actions.listSelfHostedRunnersForOrg({ org: OWNER }));
    expect(org.headers['x-accepted-github-permissions']).toBe('organization_self_hosted_runners=write');

    t.gh.missingPermission('actions');
    const runs = await failure(t.octokit.rest.actions.listWorkflowRunsForRepo({ owner: OWNER, repo: 'app' }));
    expect(runs.headers['x-accepted-github-permissions']).toBe('actions=read');
    t.gh.restorePermission('administration');
    expect((await listRunners()).status).toBe(200);
  });

  it('fails the next requests with a secondary limit the throttling plugin retries', async () => {
    t.gh.failNext(1, 'secondary-limit');
    const raw = await failure(listRunners());
    expect([raw.status, raw.headers['retry-after']]).toEqual([403, '1']);
    expect(raw.message).toMatch(/secondary rate limit/);

    const waits: number[] = [];
    const throttled = getOctokit(
      TOKEN,
      {
        baseUrl: t.gh.url,
        throttle: {
          // Scales GitHub's retry-after (seconds) down so the test stays fast.
          retryAfterBaseValue: 10,
          onSecondaryRateLimit: (retryAfter: number) => waits.push(retryAfter) > 0,
          onRateLimit: () => false,
        },
      },
      throttling,
    );
    t.gh.failNext(1, 'secondary-limit');
    const { data } = await throttled.rest.actions.listSelfHostedRunnersForRepo({ owner: OWNER, repo: 'app' });
    expect(data.total_count).toBe(0);
    expect(waits).toEqual([1]);
  });

  it('answers 502 for an injected server error', async () => {
    t.gh.failNext(2, 'server-error');
    expect((await failure(listRunners())).status).toBe(502);
    expect((await failure(listRunners())).status).toBe(502);
    expect((await listRunners()).status).toBe(200);
  });
});

describe('FakeGitHub primary rate limit and clock', () => {
  let now = Date.parse('2030-01-02T03:04:05Z');
  const t = useFakeGitHub({ rateLimit: 2, clock: () => now });

  it('refuses requests past the hourly budget until the window resets', async () => {
    const list = () => t.octokit.rest.actions.listSelfHostedRunnersForOrg({ org: OWNER });
    await list();
    const second = await list();
    expect(second.headers['x-ratelimit-remaining']).toBe('0');
    expect(second.headers['x-ratelimit-reset']).toBe(String(now / 1000 + 3600));
    const refused = await failure(list());
    expect(refused).toMatchObject({ status: 403, message: 'API rate limit exceeded for user ID 1.' });
    expect(refused.headers['x-ratelimit-used']).toBe('2');
    now += 3600 * 1000;
    expect((await list()).headers['x-ratelimit-remaining']).toBe('1');
  });

  it('stamps jobs and runs with the injected clock', async () => {
    const job = t.gh.queueJob({ labels: ['linux'], duration: 1 });
    const { data } = await t.octokit.rest.actions.getJobForWorkflowRun({
      owner: OWNER,
      repo: 'app',
      job_id: job.id,
    });
    expect(data).toMatchObject({
      created_at: new Date(now).toISOString().replace('.000', ''),
      workflow_name: 'CI',
    });
  });
});

function listRunnersOf(octokit: ReturnType<typeof getOctokit>, repo: string) {
  return octokit.rest.actions.listSelfHostedRunnersForRepo({ owner: OWNER, repo });
}
