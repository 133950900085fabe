import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getOctokit } from '@actions/github';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../../../src/runtimes/cli-io.js';
import { traceGithubCommand, type TraceGithubOptions } from '../../../src/runtimes/commands/trace.js';
import { parseTrace } from '../../../src/sim/trace-file.js';
import type { Trace } from '../../../src/sim/types.js';
import { createGithubApi } from '../../../src/sources/github/api.js';
import { exportJobHistory } from '../../../src/sources/github/history.js';
import { silentLogger } from '../../../src/telemetry/logger.js';
import { FakeGitHub, type FakeJob } from '../../fakes/github/index.js';

const TOKEN = 'ghp_trace_secret_123';
const NOW = Date.parse('2026-11-10T00:00:00Z');
const BASE = Date.parse('2026-11-05T08:00:00Z');
const LARGE = ['self-hosted', 'linux', 'large'];
const STANDARD = ['self-hosted', 'linux'];

let now = NOW;
let gh: FakeGitHub;
let admin: ReturnType<typeof getOctokit>;
let dir: string;

interface Captured {
  readonly io: CliIo;
  out: string;
  err: string;
}

function capture(env: Record<string, string> = {}): Captured {
  const c = { out: '', err: '' } as Captured;
  (c as { io: CliIo }).io = {
    stdout: (t) => (c.out += t),
    stderr: (t) => (c.err += t),
    env,
    cwd: dir,
    clock: () => NOW,
  };
  return c;
}

async function run(opts: Partial<TraceGithubOptions>, env: Record<string, string> = { GITHUB_TOKEN: TOKEN }) {
  const c = capture(env);
  const code = await traceGithubCommand(c.io, { owner: 'acme', since: '7d', baseUrl: gh.url, ...opts });
  now = NOW;
  return { code, out: c.out, err: c.err };
}

interface Finish {
  readonly repo?: string;
  readonly runId?: number;
  readonly labels?: readonly string[];
  /** Seconds after BASE the job is queued, starts and completes. */
  readonly queued: number;
  readonly started: number;
  readonly completed: number;
}

/** A job that ran to completion on its own (ephemeral) runner, at the times given. */
async function finished(spec: Finish): Promise<Readonly<FakeJob>> {
  now = BASE + spec.queued * 1000;
  const job = gh.queueJob({
    labels: spec.labels ?? STANDARD,
    duration: 1,
    ...(spec.repo !== undefined && { repo: spec.repo }),
    ...(spec.runId !== undefined && { runId: spec.runId }),
  });
  now = BASE + spec.started * 1000;
  const name = `runner-${job.id}`;
  await admin.request('POST /orgs/{org}/actions/runners/generate-jitconfig', {
    org: 'acme',
    name,
    runner_group_id: 1,
    labels: [...job.labels],
  });
  gh.startJob(name, job.id);
  now = BASE + spec.completed * 1000;
  gh.completeJob(job.id);
  now = NOW;
  return job;
}

/**
 * 110 one-job runs a minute apart (every fifth `large`), a 105-leg matrix run, a job
 * cancelled while queued, one still queued, and a run from before `--since`.
 */
async function seedHistory() {
  now = NOW - 8 * 86_400_000;
  gh.queueJob({ labels: STANDARD, duration: 1 });
  const singles: FakeJob[] = [];
  for (let i = 0; i < 110; i++) {
    const labels = i % 5 === 0 ? LARGE : STANDARD;
    const completed = 60 * i + 7 + 30 * (1 + (i % 4));
    singles.push(await finished({ labels, queued: 60 * i, started: 60 * i + 7, completed }));
  }
  const matrix = await finished({ queued: 7_200, started: 7_205, completed: 7_305 });
  const legs = [matrix];
  for (let k = 1; k < 105; k++) {
    const leg = { runId: matrix.runId, queued: 7_200 + (k % 3), started: 7_210, completed: 7_310 + k };
    legs.push(await finished(leg));
  }
  now = BASE + 9_000_000;
  const cancelled = gh.queueJob({ labels: STANDARD, duration: 1 });
  gh.cancelJob(cancelled.id);
  gh.queueJob({ labels: STANDARD, duration: 1 });
  now = NOW;
  gh.resetRequests();
  return { singles, matrix, legs, cancelled };
}

beforeEach(async () => {
  now = NOW;
  dir = await mkdtemp(join(tmpdir(), 'ci-scaler-trace-'));
  gh = new FakeGitHub({ tokens: [TOKEN], owner: 'acme', repos: ['app', 'web'], clock: () => now });
  await gh.start();
  admin = getOctokit(TOKEN, { baseUrl: gh.url });
});
afterEach(async () => {
  await gh.stop();
});

describe('ci-scaler trace github, against the fake GitHub', () => {
  it('exports the finished jobs: ids, offsets from the earliest, durations and labels', async () => {
    const seeded = await seedHistory();
    const r = await run({ repo: 'app', out: 'out/trace.jsonl' });
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
    const trace: Trace = parseTrace(await readFile(join(dir, 'out/trace.jsonl'), 'utf8'), 'trace.jsonl');
    expect(trace.start).toBe('2026-11-05T08:00:00Z');
    expect(trace.jobs).toHaveLength(215);
    const { singles, legs, cancelled } = seeded;
    expect(trace.jobs.slice(0, 3)).toEqual([
      { id: String(singles[0]?.id), at: 0, duration: 30, labels: LARGE },
      { id: String(singles[1]?.id), at: 60, duration: 60, labels: STANDARD },
      { id: String(singles[2]?.id), at: 120, duration: 90, labels: STANDARD },
    ]);
    const byId = new Map(trace.jobs.map((j) => [j.id, j]));
    expect(byId.get(String(singles[109]?.id))).toMatchObject({ at: 6_540, duration: 60 });
    expect(byId.get(String(legs[104]?.id))).toMatchObject({ at: 7_202, duration: 204, labels: STANDARD });
    expect(byId.has(String(cancelled.id))).toBe(false);
    expect(r.out + r.err).not.toContain(TOKEN);
  });

  it('pages through runs and jobs, reports progress and a summary on stderr', async () => {
    const { matrix } = await seedHistory();
    const r = await run({ repo: 'app', out: 'trace.jsonl' });
    const lines = r.err.trim().split('\n');
    const progress = lines.filter((l) => l.startsWith('runs '));
    expect(progress.length).toBeGreaterThan(3);
    expect(progress.length).toBeLessThanOrEqual(20);
    expect(progress.at(-1)).toBe('runs 113/113');
    expect(lines.at(-1)).toBe(
      'exported 215 jobs from 113 runs created since 2026-11-03T00:00:00.000Z; skipped 2 (1 not completed, 1 never started)',
    );
    const runCalls = gh.requests.filter((q) => q.path === '/repos/acme/app/actions/runs');
    expect(runCalls.map((q) => new URLSearchParams(q.query).get('page'))).toEqual(['1', '2']);
    expect(new URLSearchParams(runCalls[0]?.query).get('created')).toBe(
      '2026-11-03T00:00:00Z..2026-11-10T00:00:00Z',
    );
    const matrixCalls = gh.requests.filter(
      (q) => q.path === `/repos/acme/app/actions/runs/${matrix.runId}/jobs`,
    );
    expect(matrixCalls.map((q) => q.query)).toEqual([
      'filter=all&per_page=100',
      'filter=all&per_page=100&page=2',
    ]);
    expect(r.out + r.err).not.toContain(TOKEN);
  });

  it('reads every repository of an organisation and writes to stdout, with --token', async () => {
    const a = await finished({ repo: 'app', queued: 10, started: 12, completed: 20 });
    const w = await finished({ repo: 'web', labels: LARGE, queued: 0, started: 5, completed: 65 });
    const r = await run({ token: TOKEN, since: '2026-11-05' }, {});
    expect(r.code).toBe(0);
    expect(parseTrace(r.out, 'stdout')).toEqual({
      start: '2026-11-05T08:00:00Z',
      jobs: [
        { id: String(w.id), at: 0, duration: 60, labels: LARGE },
        { id: String(a.id), at: 10, duration: 8, labels: STANDARD },
      ],
    });
    expect(r.err).toContain('exported 2 jobs from 2 runs');
    expect(r.out + r.err).not.toContain(TOKEN);
  });

  it('splits a window GitHub caps at 1,000 runs, and reports progress per run', async () => {
    for (let i = 0; i < 1_005; i++) {
      now = BASE + i * 1_000;
      gh.queueJob({ labels: STANDARD, duration: 1 });
    }
    const { octokit } = await createGithubApi(
      { type: 'github', owner: 'acme', repo: 'app', labels: STANDARD, baseUrl: gh.url, token: TOKEN },
      { logger: silentLogger },
    );
    const seen: [number, number][] = [];
    const history = await exportJobHistory(
      octokit,
      { kind: 'repo', owner: 'acme', repo: 'app' },
      {
        owner: 'acme',
        since: new Date(BASE - 3_600_000),
        until: new Date(NOW),
        onProgress: (done, total) => seen.push([done, total]),
      },
    );
    expect(history.runs).toBe(1_005);
    expect(history.skipped).toEqual({ notCompleted: 1_005, neverStarted: 0 });
    expect(history.jobs).toEqual([]);
    expect(seen).toHaveLength(1_005);
    expect(seen.at(-1)).toEqual([1_005, 1_005]);
    const windows = new Set(
      gh.requests
        .filter((q) => q.path === '/repos/acme/app/actions/runs')
        .map((q) => new URLSearchParams(q.query).get('created')),
    );
    expect(windows.size).toBeGreaterThanOrEqual(3);
  });

  it('says bad credentials for a refused token, exit 1, without printing it', async () => {
    const r = await run({ repo: 'app', token: 'ghp_wrong_token_456' });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^error: GitHub list workflow runs of acme\/app: bad credentials/m);
    expect(r.out + r.err).not.toContain('ghp_wrong_token_456');
  });

  it('refuses bad options with exit 2, every problem at once, before any request', async () => {
    const r = await run({ owner: 'acme corp', since: 'last week' }, {});
    expect(r.code).toBe(2);
    expect(r.err).toContain('--token: missing: pass --token or set GITHUB_TOKEN');
    expect(r.err).toContain('--since: must be a duration back from now (e.g. 7d, 36h) or an ISO date');
    expect(r.err).toContain('--owner: must be a GitHub user or organization name');
    expect((await run({ repo: 'app', since: '2026-12-01' })).err).toContain('--since: is in the future');
    expect((await run({ repo: 'app', since: '0s' })).code).toBe(2);
    expect(gh.requests).toEqual([]);
  });

  it('fails, writing nothing, when no job finished in that time', async () => {
    gh.queueJob({ labels: STANDARD, duration: 1 });
    const r = await run({ repo: 'app', out: 'empty.jsonl' });
    expect(r.code).toBe(1);
    expect(r.err).toContain('skipped 1 (1 not completed, 0 never started)');
    expect(r.err).toContain('error: no finished job in that time: nothing written');
    await expect(readFile(join(dir, 'empty.jsonl'), 'utf8')).rejects.toThrow(/ENOENT/);
  });
});
