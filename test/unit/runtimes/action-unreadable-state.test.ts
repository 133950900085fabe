import { saveCache } from '@actions/cache';
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../../../src/runtimes/action.js';
import { FakeGitHub } from '../../fakes/github/index.js';
import { fakeCore } from './fake-actions-core.js';
import { startCacheHarness, type CacheHarness } from '../state/actions-cache-harness.js';

// One pool's Actions cache entry cannot be restored (corrupt, or a failed download): that
// pool's reconcile fails, as it should. Found by review: the summary's history read of the
// same pool then threw outside the pool's own error handling and ended the run, so the
// other pool was never reconciled, no outputs or summary were written, and the failure
// named no pool.
const TOKEN = 'ghp_action_secret';
let gh: FakeGitHub;
let h: CacheHarness;
let cwd: string;

beforeEach(async () => {
  h = await startCacheHarness(Date.now);
  gh = new FakeGitHub({ tokens: [TOKEN], owner: 'acme', repos: ['app'] });
  await gh.start();
  cwd = h.env.GITHUB_WORKSPACE ?? '';
  await mkdir(join(cwd, '.github'), { recursive: true });
  const source = (label: string) =>
    `{ type: github, owner: acme, repo: app, labels: [self-hosted, ${label}], baseUrl: "${gh.url}", token: "\${env:RUNNER_TOKEN}" }`;
  // No state key: the action's default, the Actions cache.
  await writeFile(
    join(cwd, '.github/ci-scaler.yml'),
    `pools:
  - name: linux
    source: ${source('linux')}
    provider: { type: memory }
  - name: arm
    source: ${source('arm')}
    provider: { type: memory }
`,
  );
  // A corrupt entry for pool linux, at the path and version the store uses.
  const dir = join(h.runnerTemp, 'ci-scaler-state');
  await mkdir(dir, { recursive: true });
  const name = createHash('sha256').update('ci-scaler-pool.linux').digest('hex').slice(0, 32);
  const path = join(dir, `${name}.json`);
  await writeFile(path, '{ not json');
  expect(await saveCache([path], 'ci-scaler-pool.linux--9999999999999-corrupt')).toBeGreaterThan(0);
});
afterEach(async () => {
  await gh.stop();
  await h.cleanup();
});

describe('action, actions-cache state, one pool unreadable', () => {
  it('still reconciles the other pool, sets outputs and names the failing pool', async () => {
    gh.queueJob({ labels: ['self-hosted', 'arm'], duration: 1 });
    const fake = fakeCore({});
    await run({
      core: fake.core,
      env: { ...h.env, RUNNER_TOKEN: TOKEN, GITHUB_EVENT_NAME: 'schedule' },
      cwd,
      clock: Date.now,
    });
    expect(fake.calls.failed).toHaveLength(1);
    expect(fake.calls.failed[0]).toMatch(/pool linux: reconcile failed/);
    expect(fake.calls.outputs.launched).toBe('1');
    expect(fake.calls.summary).toContain('### Pool `arm`');
    expect(fake.calls.summary).toContain('### Pool `linux`');
  });
});
