/**
 * What the store needs from the job's environment, checked once when the store is made.
 * @actions/cache reads these same variables from process.env by itself (it takes no
 * parameters for them), so the env given to the store must be the process's env in
 * production; tests set process.env for their fake service around each test.
 */
import { StateError } from '../../core/errors.js';

export type Env = Readonly<Record<string, string | undefined>>;

export interface CacheEnv {
  /** Base URL of the cache service (Twirp), from ACTIONS_RESULTS_URL. */
  readonly resultsUrl: string;
  readonly runtimeToken: string;
  /** GITHUB_RUN_ID and GITHUB_RUN_ATTEMPT, for telling saves apart; `local` outside a run. */
  readonly run: string;
  readonly runnerTemp: string | undefined;
}

/** The runner sets all three for JavaScript actions on github.com and GHE.com. */
const REQUIRED = ['ACTIONS_RESULTS_URL', 'ACTIONS_RUNTIME_TOKEN', 'ACTIONS_CACHE_SERVICE_V2'] as const;

/** ACTIONS_CACHE_MODE values that allow reads and writes (unset and unknown ones do, as in @actions/cache). */
const READ_WRITE_MODES = new Set(['write', '']);
const KNOWN_MODES = new Set(['none', 'read', 'write', 'write-only']);

export function readCacheEnv(env: Env): CacheEnv {
  const missing = REQUIRED.filter((name) => (env[name] ?? '') === '');
  if (missing.length > 0) {
    throw new StateError(
      `the actions-cache state store works only inside a GitHub Actions job, which provides the cache ` +
        `service (or with its variables set); missing: ${missing.join(', ')}. ` +
        `Outside Actions, use state type file or dynamodb.`,
    );
  }
  if (isEnterpriseServer(env['GITHUB_SERVER_URL'])) {
    // @actions/cache falls back to the v1 service there, which this store does not use.
    throw new StateError(
      'the actions-cache state store needs cache service v2, which GitHub Enterprise Server does not offer; use dynamodb',
    );
  }
  const mode = (env['ACTIONS_CACHE_MODE'] ?? '').trim().toLowerCase();
  if (KNOWN_MODES.has(mode) && !READ_WRITE_MODES.has(mode)) {
    throw new StateError(
      `ACTIONS_CACHE_MODE is ${mode}: this job may not both read and write the cache, and the ` +
        `actions-cache state store must do both (untrusted triggers get a read-only cache)`,
    );
  }
  return {
    resultsUrl: env['ACTIONS_RESULTS_URL'] ?? '',
    runtimeToken: env['ACTIONS_RUNTIME_TOKEN'] ?? '',
    run: `${env['GITHUB_RUN_ID'] || 'local'}.${env['GITHUB_RUN_ATTEMPT'] || '1'}`,
    runnerTemp: env['RUNNER_TEMP'] || undefined,
  };
}

/** The same test as @actions/cache's isGhes(). */
function isEnterpriseServer(serverUrl: string | undefined): boolean {
  let host: string;
  try {
    host = new URL(serverUrl || 'https://github.com').hostname.toUpperCase();
  } catch {
    return false;
  }
  return host !== 'GITHUB.COM' && !host.endsWith('.GHE.COM') && !host.endsWith('.LOCALHOST');
}
