/**
 * Demand on Terraform Enterprise versions without the organisation runs listing: the
 * pool's workspaces (`GET /agent-pools/:id`, relationship `workspaces`) and the current
 * run of each, from one workspaces listing with `include=current_run`.
 *
 * Cost per call: 1 request for the pool plus one per 100 workspaces of the organisation
 * (the listing cannot be narrowed to a pool). It sees only each workspace's current run:
 * runs pending behind it add no demand anyway, but speculative plans never become a
 * workspace's current run and are not seen here.
 * https://developer.hashicorp.com/terraform/enterprise/api-docs/workspaces#list-workspaces
 */
import type { TfcHttp } from './http-client.js';
import { showPool } from './agent-pool.js';
import { relatedIds } from './json-api.js';
import { runJob, type RunJob } from './runs.js';

export async function currentRunsOfPool(
  http: TfcHttp,
  organization: string,
  poolId: string,
): Promise<RunJob[]> {
  const pool = await showPool(http, poolId);
  const ids = new Set(pool.workspaceIds);
  if (ids.size === 0) return [];
  const { data, included } = await http.getAll(
    `list workspaces of organization ${organization}`,
    `/organizations/${encodeURIComponent(organization)}/workspaces`,
    { include: 'current_run' },
  );
  const runs = new Map(included.filter((r) => r.type === 'runs').map((r) => [r.id, r]));
  return data.flatMap((ws) => {
    if (!ids.has(ws.id)) return [];
    const runId = relatedIds(ws, 'current-run')[0];
    const run = runId === undefined ? undefined : runs.get(runId);
    return run === undefined ? [] : (runJob(run, ws.id) ?? []);
  });
}
