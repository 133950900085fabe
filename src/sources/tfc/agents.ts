/**
 * The agents of a pool as registrations.
 * https://developer.hashicorp.com/terraform/cloud-docs/api-docs/agents#list-agents
 */
import type { Registration } from '../source.js';
import type { TfcHttp } from './http-client.js';
import { stringAttr, type Resource } from './json-api.js';

/**
 * `idle`, `busy` and `unknown` agents are online. `unknown` (missed heartbeats) counts as
 * busy: it may be in the middle of a run, and a busy agent is never taken away. `errored`
 * agents stay visible as offline registrations; `exited` agents are gone.
 */
export function agentRegistration(agent: Resource): Registration | undefined {
  const status = stringAttr(agent, 'status');
  if (status === 'exited') return undefined;
  const online = status === 'idle' || status === 'busy' || status === 'unknown';
  const ip = stringAttr(agent, 'ip-address');
  return {
    // An agent started without TFC_AGENT_NAME has no name: its id stands in (joins by IP still work).
    name: stringAttr(agent, 'name') || agent.id,
    online,
    busy: status === 'busy' || status === 'unknown',
    ...(ip !== undefined && ip !== '' && { ip }),
  };
}

/**
 * One registration per name. A restarted agent can show twice for a while (the old record
 * `unknown` until HCP Terraform gives up on it): the name is busy if either is busy.
 */
export function mergeByName(registrations: readonly Registration[]): Registration[] {
  const byName = new Map<string, Registration>();
  for (const r of registrations) {
    const seen = byName.get(r.name);
    if (seen === undefined) {
      byName.set(r.name, r);
      continue;
    }
    const ip = seen.ip ?? r.ip;
    byName.set(r.name, {
      name: r.name,
      online: seen.online || r.online,
      busy: seen.busy || r.busy,
      ...(ip !== undefined && { ip }),
    });
  }
  return [...byName.values()];
}

export async function listAgents(http: TfcHttp, poolId: string): Promise<Registration[]> {
  const { data } = await http.getAll(
    `list agents of pool ${poolId}`,
    `/agent-pools/${encodeURIComponent(poolId)}/agents`,
  );
  return mergeByName(data.flatMap((a) => agentRegistration(a) ?? []));
}
