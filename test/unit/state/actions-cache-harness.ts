import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../../src/core/types.js';
import {
  createActionsCacheStore,
  type ActionsCacheStore,
  type ActionsCacheStoreOptions,
} from '../../../src/state/actions-cache/actions-cache-store.js';
import {
  FakeCacheService,
  setProcessEnv,
  type FakeCacheServiceOptions,
} from '../../fakes/actions-cache/index.js';

/** A fake cache service and a job's environment for it, set in process.env until cleanup. */
export interface CacheHarness {
  readonly fake: FakeCacheService;
  /** The job environment, also in process.env. */
  readonly env: Readonly<Record<string, string>>;
  readonly runnerTemp: string;
  /** A store for this job; call it again for the next "run" against the same cache. */
  createStore(overrides?: Partial<ActionsCacheStoreOptions>): ActionsCacheStore;
  cleanup(): Promise<void>;
}

export async function startCacheHarness(
  clock: Clock,
  options: FakeCacheServiceOptions = {},
): Promise<CacheHarness> {
  const fake = new FakeCacheService(options);
  await fake.start();
  const root = await mkdtemp(join(tmpdir(), 'ci-scaler-actions-cache-'));
  const runnerTemp = join(root, 'runner-temp');
  const workspace = join(root, 'workspace');
  await Promise.all([mkdir(runnerTemp), mkdir(workspace)]);
  const env = {
    ...fake.env(),
    RUNNER_TEMP: runnerTemp,
    GITHUB_WORKSPACE: workspace,
    GITHUB_RUN_ID: '4711',
    GITHUB_RUN_ATTEMPT: '1',
  };
  // Variables a developer's shell or the CI machine may have that change what the library does.
  const restoreEnv = setProcessEnv({
    ACTIONS_CACHE_URL: undefined,
    ACTIONS_CACHE_MODE: undefined,
    GITHUB_SERVER_URL: undefined,
    RUNNER_DEBUG: undefined,
    ...env,
  });
  return {
    fake,
    env,
    runnerTemp,
    createStore: (overrides = {}) =>
      createActionsCacheStore({ clock, env, lookupRetryDelaysMs: [1], ...overrides }),
    cleanup: async () => {
      restoreEnv();
      await fake.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}
