/**
 * Finds the configured agent pool (a name or an `apool-...` id).
 * https://developer.hashicorp.com/terraform/cloud-docs/api-docs/agents
 */
import { ProviderError } from '../../core/errors.js';
import type { TfcHttp } from './http-client.js';
import { relatedIds, stringAttr, type Resource } from './json-api.js';

export interface AgentPool {
  readonly id: string;
  readonly name: string;
  /** Workspaces that use the pool (`relationships.workspaces`). */
  readonly workspaceIds: readonly string[];
}

const POOL_ID = /^apool-[A-Za-z0-9]+$/;

function toPool(resource: Resource): AgentPool {
  return {
    id: resource.id,
    name: stringAttr(resource, 'name') ?? resource.id,
    workspaceIds: relatedIds(resource, 'workspaces'),
  };
}

function notFound(message: string, cause: unknown): ProviderError {
  return new ProviderError(message, { status: 404, cause });
}

function isNotFound(err: unknown): boolean {
  return err instanceof ProviderError && err.status === 404;
}

/** `GET /agent-pools/:id`: the pool with its workspaces. */
export async function showPool(http: TfcHttp, id: string): Promise<AgentPool> {
  try {
    return toPool(await http.getOne(`show agent pool ${id}`, `/agent-pools/${encodeURIComponent(id)}`));
  } catch (err) {
    if (!isNotFound(err)) throw err;
    throw notFound(`TFC agent pool ${id} not found, or the token may not read it (source.agentPool)`, err);
  }
}

/**
 * A name is looked up with the listing's `q` search (which matches parts of names) and
 * then compared exactly; an unknown organization is a 404 of its own.
 */
async function poolNamed(http: TfcHttp, organization: string, name: string): Promise<AgentPool> {
  const what = `list agent pools of organization ${organization}`;
  let data: readonly Resource[];
  try {
    ({ data } = await http.getAll(what, `/organizations/${encodeURIComponent(organization)}/agent-pools`, {
      q: name,
    }));
  } catch (err) {
    if (!isNotFound(err)) throw err;
    throw notFound(
      `TFC organization "${organization}" not found, or the token may not read it (source.organization)`,
      err,
    );
  }
  const found = data.find((p) => stringAttr(p, 'name') === name);
  if (found === undefined) {
    const seen = data.map((p) => stringAttr(p, 'name') ?? p.id).join(', ');
    throw new ProviderError(
      `TFC agent pool "${name}" not found in organization "${organization}" (source.agentPool)${seen === '' ? '' : `; similar: ${seen}`}`,
      { status: 404 },
    );
  }
  return toPool(found);
}

export function resolvePool(http: TfcHttp, organization: string, agentPool: string): Promise<AgentPool> {
  return POOL_ID.test(agentPool) ? showPool(http, agentPool) : poolNamed(http, organization, agentPool);
}
