import { FakeError } from './fake-error.js';
import type { RateLimiter } from './faults.js';
import { findRoute, type Route, type RouteResponse } from './route.js';

export interface Reply {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

export interface ApiDeps {
  readonly routes: readonly Route[];
  readonly tokens: ReadonlySet<string>;
  readonly limiter: RateLimiter;
}

const JSON_API = 'application/vnd.api+json';

function errorReply(error: FakeError): Reply {
  const entry = {
    status: String(error.status),
    title: error.title,
    ...(error.detail !== undefined && { detail: error.detail }),
  };
  return {
    status: error.status,
    headers: { 'content-type': JSON_API, ...error.headers },
    body: JSON.stringify({ errors: [entry] }),
  };
}

function reply(response: RouteResponse): Reply {
  if (response.body === undefined) return { status: response.status, headers: {} };
  return {
    status: response.status,
    headers: { 'content-type': JSON_API },
    body: JSON.stringify(response.body),
  };
}

function bearer(authorization: string | undefined): string | undefined {
  const match = /^Bearer (.+)$/.exec(authorization ?? '');
  return match?.[1];
}

/**
 * One API request: the token (401 when absent or unknown, as HCP Terraform answers), then
 * an injected 429, then the route (404 for an unknown path), then the 30-a-minute limit of
 * the runs listings.
 */
export function handleApi(deps: ApiDeps, method: string, url: URL, authorization: string | undefined): Reply {
  try {
    const token = bearer(authorization);
    if (token === undefined || !deps.tokens.has(token)) throw new FakeError(401, 'unauthorized');
    const injected = deps.limiter.takeInjected();
    if (injected !== undefined) throw injected;
    const found = findRoute(deps.routes, method, url.pathname.replace(/^\/api\/v2/, ''));
    if (found === undefined) throw new FakeError(404, 'not found');
    if (found.route.perMinuteLimit === true) {
      const limited = deps.limiter.spendPerMinute(token);
      if (limited !== undefined) throw limited;
    }
    return reply(found.route.handle({ params: found.params, url }));
  } catch (error) {
    if (error instanceof FakeError) return errorReply(error);
    throw error;
  }
}
