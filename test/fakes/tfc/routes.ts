/** The REST endpoints of the fake, under `/api/v2`. */
import { FakeError } from './fake-error.js';
import { listDocument, paginate } from './pagination.js';
import { csv, type Route, type RouteResponse } from './route.js';
import { agentPoolRoutes } from './pool-routes.js';
import { agentShape, organizationShape, runShape, workspaceShape } from './shapes.js';
import { FINAL, type TfcState } from './state.js';
import type { FakeRun } from './types.js';

export interface RoutesContext {
  readonly state: TfcState;
  /** Whether `GET /organizations/:org/runs` exists (false: older Terraform Enterprise). */
  readonly organizationRunsListing: () => boolean;
}

/** `non_final` and `discardable` as documented under "Run Status Groups". */
const DISCARDABLE = new Set([
  'planned',
  'planned_and_saved',
  'cost_estimated',
  'policy_checked',
  'policy_override',
  'post_plan_running',
  'post_plan_completed',
]);

function inStatusGroup(run: FakeRun, group: string): boolean {
  if (group === 'non_final') return !FINAL.has(run.status);
  if (group === 'final') return FINAL.has(run.status);
  if (group === 'discardable') return DISCARDABLE.has(run.status);
  throw new FakeError(400, 'bad request', `unknown status group ${group}`);
}

/**
 * Filters of the runs listings. Without `filter[operation]` speculative (plan_only) runs
 * are left out, as the workspace runs listing documents.
 */
function runMatches(ctx: RoutesContext, run: FakeRun, url: URL): boolean {
  const ws = ctx.state.workspace(run.workspaceId);
  const pools = csv(url, 'filter[agent_pool_names]');
  if (pools !== undefined) {
    const pool = ws.poolId === undefined ? undefined : ctx.state.pools.get(ws.poolId);
    if (pool === undefined || !pools.has(pool.name)) return false;
  }
  const statuses = csv(url, 'filter[status]');
  if (statuses !== undefined && !statuses.has(run.status)) return false;
  const group = url.searchParams.get('filter[status_group]');
  if (group !== null && !inStatusGroup(run, group)) return false;
  const operations = csv(url, 'filter[operation]') ?? new Set(['plan_and_apply']);
  if (!operations.has(run.planOnly ? 'plan_only' : 'plan_and_apply')) return false;
  const names = csv(url, 'filter[workspace_names]');
  return names === undefined || names.has(ws.name);
}

/** Workspaces of an organization, with `include=current_run` and `filter[current-run][status]`. */
function listWorkspaces(state: TfcState, orgName: string, url: URL): RouteResponse {
  const org = state.organization(orgName).name;
  const wanted = csv(url, 'filter[current-run][status]');
  const list = [...state.workspaces.values()].filter((w) => {
    if (w.organization !== org) return false;
    if (wanted === undefined) return true;
    const run = w.currentRunId === undefined ? undefined : state.runs.get(w.currentRunId);
    return run !== undefined && wanted.has(run.status);
  });
  const page = paginate(list, url);
  const included = (csv(url, 'include') ?? new Set<string>()).has('current_run')
    ? page.items.flatMap((w) => (w.currentRunId === undefined ? [] : [runShape(state.run(w.currentRunId))]))
    : undefined;
  return {
    status: 200,
    body: {
      data: page.items.map(workspaceShape),
      ...(included !== undefined && { included }),
      links: page.links,
      meta: { pagination: page.pagination },
    },
  };
}

function organizationRoutes(ctx: RoutesContext): Route[] {
  const { state } = ctx;
  return [
    {
      method: 'GET',
      pattern: '/organizations/{org}',
      handle: ({ params }) => {
        const org = state.organization(params['org'] ?? '');
        return { status: 200, body: { data: organizationShape(org.name, org.createdAt) } };
      },
    },
    {
      method: 'GET',
      pattern: '/organizations/{org}/runs',
      perMinuteLimit: true,
      handle: ({ params, url }) => {
        if (!ctx.organizationRunsListing()) throw new FakeError(404, 'not found');
        const org = state.organization(params['org'] ?? '').name;
        const runs = [...state.runs.values()]
          .filter((r) => state.workspace(r.workspaceId).organization === org && runMatches(ctx, r, url))
          .reverse(); // newest first
        return listDocument(runs.map(runShape), url, { withTotals: false });
      },
    },
    {
      method: 'GET',
      pattern: '/organizations/{org}/workspaces',
      handle: ({ params, url }) => listWorkspaces(state, params['org'] ?? '', url),
    },
  ];
}

function resourceRoutes(ctx: RoutesContext): Route[] {
  const { state } = ctx;
  return [
    {
      method: 'GET',
      pattern: '/workspaces/{id}',
      handle: ({ params }) => ({
        status: 200,
        body: { data: workspaceShape(state.workspace(params['id'] ?? '')) },
      }),
    },
    {
      method: 'GET',
      pattern: '/runs/{id}',
      handle: ({ params }) => ({ status: 200, body: { data: runShape(state.run(params['id'] ?? '')) } }),
    },
    {
      method: 'POST',
      pattern: '/runs/{id}/actions/apply',
      handle: ({ params }) => {
        state.approve(state.run(params['id'] ?? ''));
        return { status: 202 };
      },
    },
    {
      method: 'GET',
      pattern: '/agents/{id}',
      handle: ({ params }) => {
        const agent = state.agents.get(params['id'] ?? '');
        if (agent === undefined) throw new FakeError(404, 'not found');
        return { status: 200, body: { data: agentShape(agent) } };
      },
    },
  ];
}

export function apiRoutes(ctx: RoutesContext): Route[] {
  return [...organizationRoutes(ctx), ...agentPoolRoutes(ctx.state), ...resourceRoutes(ctx)];
}
