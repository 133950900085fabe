/**
 * JSON:API resources as the HCP Terraform API documents them (agents.mdx, run.mdx,
 * workspaces.mdx in hashicorp/web-unified-docs): the attributes and relationships a client
 * reads, plus enough of the rest to look like the real thing.
 */
import type { TfcState } from './state.js';
import type { FakeAgent, FakeAgentPool, FakeRun, FakeWorkspace } from './types.js';

export interface JsonResource {
  readonly id: string;
  readonly type: string;
  readonly attributes: Record<string, unknown>;
  readonly relationships?: Record<string, unknown>;
  readonly links?: Record<string, string>;
}

const iso = (ms: number): string => new Date(ms).toISOString();
const ref = (type: string, id: string) => ({ id, type });

export function agentShape(agent: FakeAgent): JsonResource {
  return {
    id: agent.id,
    type: 'agents',
    attributes: {
      name: agent.name,
      status: agent.status,
      'ip-address': agent.ip,
      'last-ping-at': iso(agent.lastPingAt),
    },
    links: { self: `/api/v2/agents/${agent.id}` },
  };
}

export function poolShape(state: TfcState, pool: FakeAgentPool): JsonResource {
  const agents = [...state.agents.values()].filter((a) => a.poolId === pool.id);
  const workspaces = state.workspacesOf(pool.id).map((w) => ref('workspaces', w.id));
  return {
    id: pool.id,
    type: 'agent-pools',
    attributes: {
      name: pool.name,
      'created-at': iso(pool.createdAt),
      'organization-scoped': true,
      'agent-count': agents.filter((a) => ['idle', 'busy', 'unknown'].includes(a.status)).length,
    },
    relationships: {
      agents: { links: { related: `/api/v2/agent-pools/${pool.id}/agents` } },
      'authentication-tokens': { links: { related: `/api/v2/agent-pools/${pool.id}/authentication-tokens` } },
      workspaces: { data: workspaces },
      'allowed-workspaces': { data: [] },
    },
    links: { self: `/api/v2/agent-pools/${pool.id}` },
  };
}

export function workspaceShape(ws: FakeWorkspace): JsonResource {
  return {
    id: ws.id,
    type: 'workspaces',
    attributes: {
      name: ws.name,
      'created-at': iso(ws.createdAt),
      'execution-mode': ws.poolId === undefined ? 'remote' : 'agent',
      locked: false,
    },
    relationships: {
      organization: { data: ref('organizations', ws.organization) },
      'agent-pool': { data: ws.poolId === undefined ? null : ref('agent-pools', ws.poolId) },
      'current-run': {
        data: ws.currentRunId === undefined ? null : ref('runs', ws.currentRunId),
        links: ws.currentRunId === undefined ? undefined : { related: `/api/v2/runs/${ws.currentRunId}` },
      },
    },
    links: { self: `/api/v2/organizations/${ws.organization}/workspaces/${ws.name}` },
  };
}

export function runShape(run: FakeRun): JsonResource {
  const confirmable = run.status === 'planned';
  return {
    id: run.id,
    type: 'runs',
    attributes: {
      actions: {
        'is-cancelable': ['planning', 'applying'].includes(run.status),
        'is-confirmable': confirmable,
        'is-discardable': confirmable || run.status === 'pending',
        'is-force-cancelable': false,
      },
      'auto-apply': run.autoApply,
      'created-at': iso(run.createdAt),
      'has-changes': true,
      'is-destroy': false,
      message: run.message,
      'plan-only': run.planOnly,
      'refresh-only': false,
      'save-plan': false,
      source: 'tfe-api',
      status: run.status,
      'status-timestamps': { 'plan-queueable-at': iso(run.createdAt) },
      'trigger-reason': 'manual',
    },
    relationships: {
      workspace: { data: ref('workspaces', run.workspaceId) },
      plan: { links: { related: `/api/v2/runs/${run.id}/plan` } },
      apply: { links: { related: `/api/v2/runs/${run.id}/apply` } },
    },
    links: { self: `/api/v2/runs/${run.id}` },
  };
}

export function organizationShape(name: string, createdAt: number): JsonResource {
  return {
    id: name,
    type: 'organizations',
    attributes: { name, 'created-at': iso(createdAt), 'external-id': `org-${name}` },
    links: { self: `/api/v2/organizations/${name}` },
  };
}
