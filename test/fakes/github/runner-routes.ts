import { checkOrg, orgScope, repoScope, type ApiContext } from './api-context.js';
import { FakeError, notFound } from './fake-error.js';
import { listing } from './pagination.js';
import { runnerBody, runnerGroupBody } from './rest-shapes.js';
import {
  bindRoute,
  idParam,
  type ApiResponse,
  type Handler,
  type NeededPermission,
  type Route,
  type RouteRequest,
} from './route.js';
import type { RunnerScope } from './types.js';

type ScopeOf = (params: Readonly<Record<string, string>>) => RunnerScope;

interface JitRequest {
  readonly name: string;
  readonly groupId: number;
  readonly labels: readonly string[];
}

function invalid(detail: string): FakeError {
  return new FakeError(422, `Invalid request.\n\n${detail}`);
}

/** The checks GitHub's request schema makes on a generate-jitconfig body. */
function parseJitRequest(body: unknown): JitRequest {
  if (typeof body !== 'object' || body === null) throw invalid('The request body must be an object.');
  const { name, runner_group_id: groupId, labels } = body as Record<string, unknown>;
  if (typeof name !== 'string' || name.trim() === '') throw invalid('"name" wasn\'t supplied.');
  if (typeof groupId !== 'number' || !Number.isInteger(groupId)) {
    throw invalid('"runner_group_id" wasn\'t supplied.');
  }
  if (!Array.isArray(labels) || !labels.every((l): l is string => typeof l === 'string' && l !== '')) {
    throw invalid('"labels" wasn\'t supplied.');
  }
  if (labels.length === 0 || labels.length > 100) {
    throw invalid(
      `For 'properties/labels', ${JSON.stringify(labels)} has ${labels.length} items (1 to 100 allowed).`,
    );
  }
  return { name, groupId, labels };
}

/**
 * The protocol's JIT config: base64 of `<base-url> <runner-id> <runner-name>`, which the
 * test runner image reads to find the fake (docs/dev/fake-runner-protocol.md).
 */
export function encodeJitConfig(baseUrl: string, id: number, name: string): string {
  return Buffer.from(`${baseUrl} ${id} ${name}`).toString('base64');
}

/** One scope's view: the shared context and how a path names the scope. */
interface Scoped {
  readonly api: ApiContext;
  readonly scopeOf: ScopeOf;
}

function listRunners({ api, scopeOf }: Scoped, { params, url }: RouteRequest): ApiResponse {
  const name = url.searchParams.get('name');
  const runners = api.state.runnersIn(scopeOf(params)).filter((r) => name === null || r.name === name);
  const bodies = runners.map((r) => runnerBody(r, api.shapes));
  return listing('runners', bodies, url);
}

function getRunner({ api, scopeOf }: Scoped, { params }: RouteRequest): ApiResponse {
  const runner = api.state.runnersIn(scopeOf(params)).find((r) => r.id === idParam(params, 'runner_id'));
  if (runner === undefined) throw notFound();
  return { status: 200, body: runnerBody(runner, api.shapes) };
}

function deleteRunner({ api, scopeOf }: Scoped, { params }: RouteRequest): ApiResponse {
  const scope = scopeOf(params);
  const id = idParam(params, 'runner_id');
  if (id === undefined) throw notFound();
  api.state.deleteRunner(scope, id);
  return { status: 204 };
}

function generateJitConfig({ api, scopeOf }: Scoped, { params, body }: RouteRequest): ApiResponse {
  const scope = scopeOf(params);
  const request = parseJitRequest(body);
  // A repository has only the default group; an organisation has the configured ones.
  const groups = scope.kind === 'repo' ? api.groups.filter((g) => g.id === 1) : api.groups;
  if (!groups.some((g) => g.id === request.groupId)) throw notFound();
  const runner = api.state.registerRunner({ scope, ...request });
  const encoded = encodeJitConfig(api.shapes.baseUrl, runner.id, runner.name);
  return { status: 201, body: { runner: runnerBody(runner, api.shapes), encoded_jit_config: encoded } };
}

function listRunnerGroups(api: ApiContext, { params, url }: RouteRequest): ApiResponse {
  checkOrg(api, params);
  const groups = api.groups.map((g) => runnerGroupBody(g, api.shapes));
  return listing('runner_groups', groups, url);
}

function scopedRoutes(scoped: Scoped, prefix: string, permission: NeededPermission): Route[] {
  const route = (method: Route['method'], path: string, handle: Handler<Scoped>): Route =>
    bindRoute(
      scoped,
      { method, pattern: `${prefix}/actions/runners${path}`, auth: 'token', permission },
      handle,
    );
  return [
    route('GET', '', listRunners),
    route('GET', '/{runner_id}', getRunner),
    route('DELETE', '/{runner_id}', deleteRunner),
    route('POST', '/generate-jitconfig', generateJitConfig),
  ];
}

/**
 * Self-hosted runners of a repository and of the organisation, and its runner groups.
 * Every one of them, reads included, names the write permission: the one a scaler needs
 * for all of them, so a test sees the permission to grant.
 */
export function runnerRoutes(api: ApiContext): Route[] {
  const repo = { permission: 'administration', accepted: 'administration=write' } as const;
  const org = { permission: 'administration', accepted: 'organization_self_hosted_runners=write' } as const;
  return [
    ...scopedRoutes({ api, scopeOf: (p) => repoScope(api, p) }, '/repos/{owner}/{repo}', repo),
    ...scopedRoutes({ api, scopeOf: (p) => orgScope(api, p) }, '/orgs/{org}', org),
    bindRoute(
      api,
      { method: 'GET', pattern: '/orgs/{org}/actions/runner-groups', auth: 'token', permission: org },
      listRunnerGroups,
    ),
  ];
}
