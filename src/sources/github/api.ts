import { Octokit as CoreOctokit } from '@octokit/core';
import { paginateRest } from '@octokit/plugin-paginate-rest';
import { requestLog } from '@octokit/plugin-request-log';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import type { GithubSourceConfig } from '../../config/source-schema.js';
import type { Logger } from '../../telemetry/logger.js';
import { installEtagCache, type CallCounter } from './etag-cache.js';
import { httpFetch } from './http-fetch.js';

/**
 * Octokit with pagination, request logging, throttling and retry. Built on `@octokit/core`
 * with typed routes (`octokit.request('GET /repos/{owner}/{repo}/...')`) rather than
 * `@octokit/rest`, whose generated method table is half of this chunk and only renames
 * those routes, or `@actions/github`, which adds a bundled HTTP stack (undici) that doubled
 * the action's start-up. Requests go through `httpFetch` (node:http), which starts faster
 * than the platform's fetch.
 */
const ScalerOctokit = CoreOctokit.plugin(paginateRest, requestLog, throttling, retry);
export type Octokit = InstanceType<typeof ScalerOctokit>;

export interface GithubApi {
  readonly octokit: Octokit;
  readonly counter: CallCounter;
}

export interface ApiDeps {
  readonly logger: Logger;
  /** Where to send requests; tests pass a fake's URL through the config's `baseUrl`. */
  readonly userAgent?: string;
}

const DEFAULT_BASE_URL = 'https://api.github.com';
/** Retries a rate-limited request this many times before the error surfaces to the executor. */
const RATE_LIMIT_RETRIES = 2;
/**
 * The longest wait for a rate limit inside a reconcile. A spent hourly budget asks to wait
 * until its window resets (up to an hour), which would hold the reconcile, its loop and
 * its lock: past this, the request fails as a retryable 429 and a later reconcile tries.
 */
const MAX_RATE_LIMIT_WAIT_S = 30;

function throttle(logger: Logger) {
  const onLimit =
    (kind: string) =>
    (
      retryAfter: number,
      options: { method: string; url: string },
      _octokit: unknown,
      retryCount: number,
    ): boolean => {
      const retry = retryCount < RATE_LIMIT_RETRIES && retryAfter <= MAX_RATE_LIMIT_WAIT_S;
      const then = retry
        ? `retry in ${retryAfter}s`
        : `not waiting ${retryAfter}s: a later reconcile tries again`;
      logger.warn(`GitHub ${kind} rate limit on ${options.method} ${options.url}; ${then}`, { retryCount });
      return retry;
    };
  return { onRateLimit: onLimit('primary'), onSecondaryRateLimit: onLimit('secondary') };
}

async function authOptions(config: GithubSourceConfig): Promise<Record<string, unknown>> {
  if (config.appId !== undefined && config.privateKey !== undefined) {
    // Loaded only for App credentials: most runs use a token and skip its JWT code.
    const { createAppAuth } = await import('@octokit/auth-app');
    const auth = {
      appId: config.appId,
      privateKey: config.privateKey,
      ...(config.installationId !== undefined && { installationId: config.installationId }),
    };
    return { authStrategy: createAppAuth, auth };
  }
  if (config.token !== undefined) return { auth: `token ${config.token}` };
  return {};
}

function build(config: GithubSourceConfig, deps: ApiDeps, auth: Record<string, unknown>): Octokit {
  return new ScalerOctokit({
    baseUrl: config.baseUrl ?? DEFAULT_BASE_URL,
    userAgent: deps.userAgent ?? 'ci-scaler',
    request: { fetch: httpFetch },
    throttle: throttle(deps.logger),
    // Octokit's own warnings go through our logger, so they are JSON and masked like the rest.
    log: {
      debug: (message: string) => {
        deps.logger.debug(message);
      },
      info: (message: string) => {
        deps.logger.info(message);
      },
      warn: (message: string) => {
        deps.logger.warn(message);
      },
      error: (message: string) => {
        deps.logger.error(message);
      },
    },
    // 409 on generate-jitconfig means "already launched": retrying it only wastes time.
    retry: { doNotRetry: [400, 401, 403, 404, 409, 410, 422, 451], retries: 2 },
    ...auth,
  });
}

/**
 * A GitHub App without a configured installation id finds it from the owner (repository
 * installation for repo scope, organisation installation otherwise), once.
 */
async function installationAuth(config: GithubSourceConfig, deps: ApiDeps): Promise<Record<string, unknown>> {
  const auth = await authOptions(config);
  if (config.appId === undefined || config.installationId !== undefined) return auth;
  const asApp = build(config, deps, auth);
  const { data } =
    config.repo !== undefined
      ? await asApp.request('GET /repos/{owner}/{repo}/installation', {
          owner: config.owner,
          repo: config.repo,
        })
      : await asApp.request('GET /orgs/{org}/installation', { org: config.owner });
  return await authOptions({ ...config, installationId: data.id });
}

/** One authenticated client with ETag caching and call counting, shared by the pools of a scope. */
export async function createGithubApi(config: GithubSourceConfig, deps: ApiDeps): Promise<GithubApi> {
  const octokit = build(config, deps, await installationAuth(config, deps));
  const counter = installEtagCache(octokit);
  return { octokit, counter };
}
