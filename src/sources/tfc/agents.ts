/**
 * The agents of a pool as registrations.
 * https://developer.hashicorp.com/terraform/cloud-docs/api-docs/agents#list-agents
 */
import type { Registration } from '../source.js';
import type { TfcHttp } from './http-client.js';
import { stringAttr, type Resource } from './json-api.js';

/** The documented agent statuses and what each says; `exited` agents are gone. */
const STATUSES: Readonly<Record<string, { readonly online: boolean; readonly busy: boolean }>> = {
  idle: { online: true, busy: false },
  busy: { online: true, busy: true },
  // Missed heartbeats: it may be in the middle of a run, and a busy agent is never taken away.
  unknown: { online: true, busy: true },
  errored: { online: false, busy: false },
};

/** What a documented status says; undefined for one not documented, or none. */
function documented(status: string | undefined): (typeof STATUSES)[string] | undefined {
  return status !== undefined && Object.hasOwn(STATUSES, status) ? STATUSES[status] : undefined;
}

/** Whether the status is one of the documented ones (`exited` included). */
export function knownAgentStatus(status: string | undefined): boolean {
  return status === 'exited' || documented(status) !== undefined;
}

/**
 * An agent as a registration. `errored` agents stay visible as offline registrations;
 * `exited` agents are gone. A status not documented (a newer API) or none at all counts
 * as busy, as `unknown` does: read as offline, the agent's replica would look like one
 * that never registered and be stopped mid-run once older than bootTimeout.
 */
export function agentRegistration(agent: Resource): Registration | undefined {
  const status = stringAttr(agent, 'status');
  if (status === 'exited') return undefined;
  const { online, busy } = documented(status) ?? { online: true, busy: true };
  const ip = stringAttr(agent, 'ip-address');
  return {
    // An agent started without TFC_AGENT_NAME has no name: its id stands in (joins by IP still work).
    name: stringAttr(agent, 'name') || agent.id,
    online,
    busy,
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

export async function listAgents(
  http: TfcHttp,
  poolId: string,
  warn: (message: string) => void,
): Promise<Registration[]> {
  const { data } = await http.getAll(
    `list agents of pool ${poolId}`,
    `/agent-pools/${encodeURIComponent(poolId)}/agents`,
  );
  for (const a of data) {
    const status = stringAttr(a, 'status');
    if (!knownAgentStatus(status))
      warn(
        `TFC agent ${a.id} has ${status === undefined ? 'no status' : `status "${status}"`}, which ci-scaler does not know; counted as busy`,
      );
  }
  return mergeByName(data.flatMap((a) => agentRegistration(a) ?? []));
}
