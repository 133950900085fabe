import { generateKeyPairSync } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GithubSourceConfig } from '../../../src/config/source-schema.js';
import { ProviderError } from '../../../src/core/errors.js';
import type { PoolPolicy } from '../../../src/core/types.js';
import type { Source } from '../../../src/sources/source.js';
import { githubDoctorFix } from '../../../src/sources/github/doctor.js';
import { createSource } from '../../../src/sources/registry.js';
import { silentLogger } from '../../../src/telemetry/logger.js';
import { FakeGitHub } from '../../fakes/github/index.js';
import { policy } from '../../unit/core/builders.js';

let gh: FakeGitHub;
const pool: PoolPolicy = policy({ name: 'gh', labels: ['self-hosted', 'linux'] });

function config(extra: Partial<GithubSourceConfig> = {}): GithubSourceConfig {
  return {
    type: 'github',
    owner: 'acme',
    repo: 'app',
    labels: ['self-hosted', 'linux'],
    baseUrl: gh.url,
    token: 'ghp_test',
    ...extra,
  };
}

async function source(extra: Partial<GithubSourceConfig> = {}): Promise<Source> {
  return createSource(config(extra), { logger: silentLogger, env: {}, shared: new Map() }, 'pools[0].source');
}

const target = (name: string) => ({ jobId: '1', attempt: 1, name });

beforeEach(async () => {
  gh = new FakeGitHub({ tokens: ['ghp_test'], owner: 'acme', repos: ['app', 'web'] });
  await gh.start();
});
afterEach(async () => {
  await gh.stop();
});

describe('GitHub source against the fake GitHub, through the real Octokit', () => {
  it('reads queued jobs of self-hosted pools and ignores GitHub-hosted ones', async () => {
    const a = gh.queueJob({ labels: ['self-hosted', 'linux'], duration: 1 });
    gh.queueJob({ labels: ['ubuntu-latest'], duration: 1 });
    const custom = gh.queueJob({ labels: ['linux'], duration: 1 });
    const snap = await (await source()).snapshot(pool);
    expect(snap.jobs.map((j) => j.id).sort()).toEqual([String(a.id), String(custom.id)].sort());
    expect(snap.jobs[0]).toMatchObject({
      state: 'queued',
      labels: expect.arrayContaining(['linux']) as unknown,
    });
    expect(snap.apiCalls).toBe(gh.requests.length);
  });

  it('registers a JIT runner, refuses the same name, and joins the registration', async () => {
    const src = await source();
    const creds = await src.register(pool, target('gh-1-1'));
    expect(Object.keys(creds.env)).toEqual(['ACTIONS_RUNNER_INPUT_JITCONFIG']);
    expect(creds.secrets).toEqual([creds.env.ACTIONS_RUNNER_INPUT_JITCONFIG]);
    const err = await src.register(pool, target('gh-1-1')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ alreadyExists: true });
    expect((await src.snapshot(pool)).registrations).toEqual([
      { id: expect.any(Number) as unknown, name: 'gh-1-1', online: false, busy: false },
    ]);
    expect(gh.runners[0]?.labels).toEqual(['self-hosted', 'linux']);
  });

  it('deregisters idle runners, answers busy while a job runs, absent when gone', async () => {
    const src = await source();
    await src.register(pool, target('gh-idle'));
    await src.register(pool, target('gh-busy'));
    const job = gh.queueJob({ labels: ['self-hosted', 'linux'], duration: 1 });
    gh.connectRunner('gh-busy');
    gh.startJob('gh-busy', job.id);
    expect(await src.deregister(pool, 'gh-idle')).toBe('removed');
    expect(await src.deregister(pool, 'gh-busy')).toBe('busy');
    expect(await src.deregister(pool, 'gh-never')).toBe('absent');
    expect(gh.records.map((r) => r.type)).toContain('delete-refused-busy');
  });

  it('a 404 on delete for a runner GitHub still lists is an error, so its machine is left alone', async () => {
    const src = await source();
    await src.register(pool, target('gh-busy'));
    const job = gh.queueJob({ labels: ['self-hosted', 'linux'], duration: 1 });
    gh.connectRunner('gh-busy');
    gh.startJob('gh-busy', job.id);
    gh.failNext(1, 'not-found');
    const answer = await src.deregister(pool, 'gh-busy').catch((e: unknown) => e);
    expect(answer).toBeInstanceOf(ProviderError);
    expect(String(answer)).toMatch(/answered 404, yet still lists runner gh-busy \(busy: true\)/);
    expect(await src.deregister(pool, 'gh-busy')).toBe('busy');
  });

  it("registers the runner launched for a job with the job's machine-choosing labels (EC2 labelSelection)", async () => {
    // GitHub gives a job only to a runner with every one of its labels (found by review:
    // the runner had the pool's labels alone, and the job asking for cpu=4 never started).
    const src = await source();
    const ec2 = { ...pool, selectionLabels: ['cpu'] };
    const labels = ['self-hosted', 'linux', 'cpu=4', 'gpu'];
    await src.register(ec2, { jobId: '1', attempt: 1, name: 'gh-1-1', labels });
    await src.register(pool, { jobId: '2', attempt: 1, name: 'gh-2-1', labels });
    expect(gh.runners.map((r) => [r.name, r.labels])).toEqual([
      ['gh-1-1', ['self-hosted', 'linux', 'cpu=4']],
      ['gh-2-1', ['self-hosted', 'linux']],
    ]);
  });

  it("finds a runner group on any page of the organisation's groups", async () => {
    await gh.stop();
    const runnerGroups = Array.from({ length: 120 }, (_, i) => ({ id: 10 + i, name: `group-${i}` }));
    gh = new FakeGitHub({ tokens: ['ghp_test'], owner: 'acme', repos: ['app'], runnerGroups });
    await gh.start();
    const { repo: _repo, ...org } = config({ runnerGroup: 'group-115' });
    const src = await createSource(org, { logger: silentLogger, env: {}, shared: new Map() }, 'p');
    await src.register(pool, target('gh-g-1'));
    await src.register(pool, target('gh-g-2'));
    const jit = gh.requests.filter((r) => r.path === '/orgs/acme/actions/runners/generate-jitconfig');
    expect(jit).toHaveLength(2);
    // Looked up once: two pages for the first launch, none for the second.
    expect(gh.requests.filter((r) => r.path.startsWith('/orgs/acme/actions/runner-groups'))).toHaveLength(2);
  });

  it('re-runs a job once its run has ended: not-yet (403) while it runs, then requested', async () => {
    const src = await source();
    const job = gh.queueJob({ labels: ['self-hosted', 'linux'], duration: 1 });
    await src.register(pool, target('gh-spot'));
    gh.connectRunner('gh-spot');
    gh.startJob('gh-spot', job.id);
    await src.snapshot(pool);
    const early = await src.rerun?.(pool, String(job.id));
    expect(early?.result).toBe('not-yet');
    // The spot instance is gone: GitHub fails the job of the lost runner, the run ends.
    gh.completeJob(job.id, 'failure');
    const later = await src.rerun?.(pool, String(job.id));
    expect(later).toEqual({ result: 'requested', detail: `re-run of job ${job.id} requested` });
    expect(gh.records.filter((r) => r.type === 'job-rerun').map((r) => r.job)).toEqual([job.id]);
    expect(gh.jobs.filter((j) => j.status === 'queued').map((j) => j.name)).toEqual([job.name]);
  });

  it('a quiet reconcile costs at most 2 requests, all 304, plus one per active run', async () => {
    const src = await source();
    await src.snapshot(pool);
    gh.resetRequests();
    await src.snapshot(pool);
    expect(gh.requests.length).toBeLessThanOrEqual(2);
    expect(gh.requests.every((r) => r.notModified)).toBe(true);
    gh.queueJob({ labels: ['self-hosted', 'linux'], duration: 1 });
    await src.snapshot(pool);
    gh.resetRequests();
    const snap = await src.snapshot(pool);
    expect(snap.apiCalls).toBe(3);
    expect(gh.requests.every((r) => r.notModified)).toBe(true);
  });

  it('names the missing permission', async () => {
    gh.missingPermission('administration');
    await expect((await source()).snapshot(pool)).rejects.toThrow(/administration=write/);
    const checks = (await (await source()).doctor?.(pool)) ?? [];
    expect(checks.map((c) => c.ok)).toEqual([false, true]);
    expect(checks[0]?.fix).toMatch(/Administration: read and write/);
  });

  it('doctor blames permissions only for a refusal: a wrong token or a failing GitHub get their own fix', async () => {
    const [badToken] = (await (await source({ token: 'nope' })).doctor?.(pool)) ?? [];
    expect(badToken?.ok).toBe(false);
    expect(badToken?.fix).toMatch(/renew the token/);
    // Not the permission fix: that is for 403 and 404 (the test above).
    expect(badToken?.fix).not.toMatch(/Administration/);
    // A GitHub that fails (the retry plugin's attempts take ~25 s here) or cannot be reached.
    for (const status of [500, 502, 503]) {
      const fix = githubDoctorFix(
        new ProviderError('GitHub list self-hosted runners: 5xx', { status }),
        'perm',
      );
      expect(fix).toMatch(/reaches the GitHub API/);
    }
    expect(githubDoctorFix(new ProviderError('limited', { status: 429 }), 'perm')).toMatch(/rate limit/);
    expect(githubDoctorFix(new ProviderError('hidden', { status: 404 }), 'perm')).toBe('perm');
  });

  it('says bad credentials for a wrong token', async () => {
    await expect((await source({ token: 'nope' })).snapshot(pool)).rejects.toThrow(/bad credentials/);
  });

  it("pools of one scope with different tokens keep their own clients: none calls with another's token", async () => {
    const deps = { logger: silentLogger, env: {}, shared: new Map<string, unknown>() };
    const good = await createSource(config(), deps, 'pools[0].source');
    const other = await createSource(config({ token: 'nope' }), deps, 'pools[1].source');
    expect(other.scope).toBe(good.scope);
    expect((await good.snapshot(pool)).jobs).toEqual([]);
    await expect(other.snapshot(pool)).rejects.toThrow(/bad credentials/);
    expect(deps.shared.size).toBe(2);
  });

  it('rides out a secondary rate limit through the throttling plugin', async () => {
    gh.failNext(1, 'secondary-limit');
    const snap = await (await source()).snapshot(pool);
    expect(snap.jobs).toEqual([]);
    expect(gh.requests.some((r) => r.status === 403)).toBe(true);
  });

  it('org scope reads the configured repositories and registers at the organisation', async () => {
    gh.queueJob({ repo: 'app', labels: ['self-hosted', 'linux'], duration: 1 });
    gh.queueJob({ repo: 'web', labels: ['self-hosted', 'linux'], duration: 1 });
    const { repo: _repo, ...rest } = config({ repositories: ['app', 'web'] });
    const src = await createSource(rest, { logger: silentLogger, env: {}, shared: new Map() }, 'p');
    expect((await src.snapshot(pool)).jobs).toHaveLength(2);
    await src.register(pool, target('gh-org-1'));
    expect(
      gh.requests.some(
        (r) => r.method === 'POST' && r.path === '/orgs/acme/actions/runners/generate-jitconfig',
      ),
    ).toBe(true);
  });
});

describe('GitHub App authentication', () => {
  it('finds the installation from the owner and works with an installation token', async () => {
    await gh.stop();
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    gh = new FakeGitHub({
      tokens: [],
      owner: 'acme',
      repos: ['app'],
      app: {
        appId: '123',
        installationId: 42,
        publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      },
    });
    await gh.start();
    gh.queueJob({ labels: ['self-hosted', 'linux'], duration: 1 });
    const { token: _token, ...rest } = config();
    const src = await createSource(
      { ...rest, appId: '123', privateKey: pem },
      { logger: silentLogger, env: {}, shared: new Map() },
      'p',
    );
    expect((await src.snapshot(pool)).jobs).toHaveLength(1);
    expect(gh.requests.map((r) => r.path)).toEqual(
      expect.arrayContaining(['/repos/acme/app/installation', '/app/installations/42/access_tokens']),
    );
  });
});
