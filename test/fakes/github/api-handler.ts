import { createHash, randomBytes } from 'node:crypto';
import type { Authenticator, Credential } from './auth.js';
import { FakeError, notFound } from './fake-error.js';
import type { Faults } from './faults.js';
import type { RateLimits } from './rate-limit.js';
import { findRoute, type ApiResponse, type Route } from './route.js';

export interface ApiRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

export interface Reply {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

export interface ApiDeps {
  readonly routes: readonly Route[];
  readonly auth: Authenticator;
  readonly faults: Faults;
  readonly rateLimits: RateLimits;
}

function header(request: ApiRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

function errorResponse(error: FakeError): ApiResponse {
  const body = {
    message: error.message,
    documentation_url: 'https://docs.github.com/rest',
    status: String(error.status),
  };
  return { status: error.status, body, headers: error.headers };
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new FakeError(400, 'Problems parsing JSON');
  }
}

/** The credential kinds a route takes, and GitHub's answer to the wrong kind. */
function checkAuth(route: Route, credential: Credential): void {
  if (route.auth === 'app' && credential.kind !== 'app') {
    throw new FakeError(401, 'A JSON web token could not be decoded');
  }
  if (route.auth === 'installation' && credential.kind !== 'installation') {
    throw new FakeError(
      403,
      'You must authenticate with an installation access token in order to list repositories for an installation.',
    );
  }
  if (route.auth === 'token' && credential.kind === 'app') {
    throw new FakeError(401, 'Bad credentials');
  }
}

function checkPermission(deps: ApiDeps, route: Route, credential: Credential): void {
  const needed = route.permission;
  if (needed === undefined || !deps.faults.isMissing(needed.permission)) return;
  const who = credential.kind === 'installation' ? 'integration' : 'personal access token';
  throw new FakeError(403, `Resource not accessible by ${who}`, {
    'x-accepted-github-permissions': needed.accepted,
  });
}

function dispatch(deps: ApiDeps, request: ApiRequest, credential: Credential): ApiResponse {
  try {
    const found = findRoute(deps.routes, request.method, request.url.pathname);
    if (found === undefined) throw notFound();
    checkAuth(found.route, credential);
    checkPermission(deps, found.route, credential);
    const body = parseJson(request.body);
    return found.route.handle({ params: found.params, url: request.url, body, credential });
  } catch (error) {
    if (error instanceof FakeError) return errorResponse(error);
    throw error;
  }
}

function etagOf(body: string): string {
  return `"${createHash('sha256').update(body).digest('hex')}"`;
}

/** Whether `If-None-Match` names this ETag (a list, weak forms and `*` included). */
function notModified(request: ApiRequest, etag: string): boolean {
  const wanted = header(request, 'if-none-match');
  if (wanted === undefined) return false;
  return wanted.split(',').some((tag) => {
    const t = tag.trim().replace(/^W\//, '');
    return t === '*' || t === etag;
  });
}

function baseHeaders(): Record<string, string> {
  return {
    'x-github-api-version-selected': '2022-11-28',
    'x-github-media-type': 'github.v3; format=json',
    'x-github-request-id': randomBytes(8).toString('hex').toUpperCase(),
  };
}

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * Headers and body on the wire. A GET answered 200 carries a strong ETag; a matching
 * `If-None-Match` turns it into a 304 without a body that spends nothing, as on GitHub.
 */
function finish(
  deps: ApiDeps,
  request: ApiRequest,
  key: string,
  response: ApiResponse,
  spend: boolean,
): Reply {
  const headers: Record<string, string> = { ...baseHeaders(), ...response.headers };
  const text = response.body === undefined ? undefined : JSON.stringify(response.body);
  if (request.method === 'GET' && response.status === 200 && text !== undefined) {
    headers['etag'] = etagOf(text);
    if (notModified(request, headers['etag'])) {
      return { status: 304, headers: { ...headers, ...deps.rateLimits.headers(key) } };
    }
  }
  if (spend) deps.rateLimits.spend(key);
  Object.assign(headers, deps.rateLimits.headers(key));
  if (text === undefined) return { status: response.status, headers };
  return { status: response.status, headers: { ...headers, 'content-type': JSON_TYPE }, body: text };
}

/**
 * One REST request: credentials, then an injected failure, then the primary limit, then
 * the route. Every answer carries the caller's rate-limit headers.
 */
export function handleApi(deps: ApiDeps, request: ApiRequest): Reply {
  const credential = deps.auth.identify(header(request, 'authorization'));
  if (credential === undefined) {
    return finish(deps, request, 'anonymous', errorResponse(new FakeError(401, 'Bad credentials')), false);
  }
  const failure = deps.faults.takeFailure();
  // An injected failure stands for GitHub's edge refusing the call: nothing is spent.
  if (failure !== undefined) return finish(deps, request, credential.key, errorResponse(failure), false);
  if (deps.rateLimits.exhausted(credential.key)) {
    const limited = errorResponse(new FakeError(403, 'API rate limit exceeded for user ID 1.'));
    return finish(deps, request, credential.key, limited, false);
  }
  return finish(deps, request, credential.key, dispatch(deps, request, credential), true);
}
