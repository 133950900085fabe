import type { DoctorCheck } from '../../core/doctor.js';
import { errorMessage } from '../../core/errors.js';
import { listAgents } from './agents.js';
import type { TfcApi } from './api.js';

async function check(name: string, fix: string, probe: () => Promise<string>): Promise<DoctorCheck> {
  try {
    return { name, ok: true, detail: await probe() };
  } catch (err) {
    return { name, ok: false, detail: errorMessage(err), fix };
  }
}

/**
 * Read-only probes: the token and organization (`GET /organizations/:name` answers 401 for
 * a bad token, 404 for an organization it may not see), the agent pool and its agents, and
 * the runs listing the source reads demand from (which path, on this installation).
 */
export async function tfcDoctor(api: TfcApi): Promise<DoctorCheck[]> {
  const { organization } = api.config;
  const token = await check(
    'TFC: token and organization',
    'use a team or organization API token (source.token) of an organization that owns the pool',
    async () => {
      await api.http.getOne(
        `show organization ${organization}`,
        `/organizations/${encodeURIComponent(organization)}`,
      );
      return `token accepted; organization ${organization} readable`;
    },
  );
  const pool = await check(
    'TFC: agent pool',
    'check source.agentPool (a pool name or apool-... id); the token must be allowed to manage agent pools',
    async () => {
      const found = await api.agentPool();
      const agents = await listAgents(api.http, found.id, api.warn);
      return `agent pool "${found.name}" (${found.id}): ${agents.length} agents, ${found.workspaceIds.length} workspaces`;
    },
  );
  const runs = await check(
    'TFC: read runs',
    'the token must be able to read runs of the workspaces that use the pool',
    async () => {
      const jobs = await api.runs.jobs(await api.agentPool(), true);
      const how =
        api.runs.path === 'organization-runs'
          ? 'organization runs listing'
          : "pool's workspaces and their current runs (older Terraform Enterprise)";
      return `${jobs.length} active runs, read through the ${how}`;
    },
  );
  return [token, pool, runs];
}
