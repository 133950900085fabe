/**
 * Found by review: a spent hourly rate limit made the throttling plugin wait until the window
 * reset (up to an hour) inside the reconcile, holding its loop and its lock.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GithubSourceConfig } from '../../../src/config/source-schema.js';
import { ProviderError } from '../../../src/core/errors.js';
import type { PoolPolicy } from '../../../src/core/types.js';
import { createSource } from '../../../src/sources/registry.js';
import { FakeGitHub } from '../../fakes/github/index.js';
import { githubSourceConfig } from '../../support/github-config.js';
import { captureLogger } from '../../support/capture-logger.js';
import { policy } from '../core/builders.js';

let gh: FakeGitHub;
const pool: PoolPolicy = policy({ name: 'gh', labels: ['self-hosted', 'linux'] });

const config = (): GithubSourceConfig => githubSourceConfig(gh.url);

beforeEach(async () => {
  // A tiny hourly budget, so the test can spend it; the window resets in an hour.
  gh = new FakeGitHub({ tokens: ['ghp_test'], owner: 'acme', repos: ['app'], rateLimit: 2 });
  await gh.start();
});
afterEach(async () => {
  await gh.stop();
});

describe('GitHub source: primary rate limit', () => {
  it('an exhausted hourly budget surfaces as a retryable 429 at once, not a wait of up to an hour', async () => {
    const logger = captureLogger();
    const src = await createSource(config(), { logger, env: {}, shared: new Map() }, 'p');
    // Listing runners and runs spends the budget of 2; the jobs of the run hit the limit.
    gh.queueJob({ labels: ['self-hosted', 'linux'], duration: 1 });
    const outcome = await Promise.race([
      src.snapshot(pool).then(
        () => 'resolved',
        (e: unknown) => e,
      ),
      new Promise((resolve) =>
        setTimeout(() => {
          resolve('still waiting after 10 s');
        }, 10_000),
      ),
    ]);
    // The throttling plugin sleeps until the hourly window resets (about 3,600 s).
    expect(logger.text(), 'what was logged').not.toMatch(/primary rate limit .* retry in \d{3,}s/);
    expect(outcome).toBeInstanceOf(ProviderError);
    expect(outcome).toMatchObject({ status: 429, retryable: true });
  }, 20_000);
});
