/**
 * Found by review: the active runs were read from the newest page of runs only, so a job
 * queued in an older run (waiting hours for its machine, or a re-run) was never seen.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GithubSourceConfig } from '../../../src/config/source-schema.js';
import type { PoolPolicy } from '../../../src/core/types.js';
import { createSource } from '../../../src/sources/registry.js';
import { silentLogger } from '../../../src/telemetry/logger.js';
import { FakeGitHub } from '../../fakes/github/index.js';
import { githubSourceConfig } from '../../support/github-config.js';
import { policy } from '../core/builders.js';

let gh: FakeGitHub;
const pool: PoolPolicy = policy({ name: 'gh', labels: ['self-hosted', 'linux'] });

const config = (): GithubSourceConfig => githubSourceConfig(gh.url);

beforeEach(async () => {
  gh = new FakeGitHub({ tokens: ['ghp_test'], owner: 'acme', repos: ['app'] });
  await gh.start();
});
afterEach(async () => {
  await gh.stop();
});

describe('GitHub source: active runs listing', () => {
  it('still sees a job queued in a run older than the 100 newest (finished) runs', async () => {
    // A job waiting for a self-hosted runner, in a busy repository where 100 newer
    // workflow runs (GitHub-hosted CI, cancelled runs, ...) have already finished.
    const waiting = gh.queueJob({ labels: ['self-hosted', 'linux'], duration: 1 });
    for (let i = 0; i < 100; i++) {
      const j = gh.queueJob({ labels: ['ubuntu-latest'], duration: 1 });
      gh.cancelJob(j.id);
    }
    const src = await createSource(config(), { logger: silentLogger, env: {}, shared: new Map() }, 'p');
    const snap = await src.snapshot(pool);
    expect(snap.jobs.map((j) => j.id)).toContain(String(waiting.id));
  });

  it('still sees a queued job in a run behind a page that mixes active and finished runs', async () => {
    const waiting = gh.queueJob({ labels: ['self-hosted', 'linux'], duration: 1 });
    for (let i = 0; i < 150; i++) {
      const j = gh.queueJob({ labels: ['ubuntu-latest'], duration: 1 });
      if (i % 2 === 0) gh.cancelJob(j.id);
    }
    const src = await createSource(config(), { logger: silentLogger, env: {}, shared: new Map() }, 'p');
    const snap = await src.snapshot(pool);
    expect(snap.jobs.map((j) => j.id)).toContain(String(waiting.id));
  });
});
