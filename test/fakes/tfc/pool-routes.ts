import { listDocument } from './pagination.js';
import type { Route } from './route.js';
import { agentShape, poolShape } from './shapes.js';
import type { TfcState } from './state.js';

/** Agent pools and their agents (agents.mdx). */
export function agentPoolRoutes(state: TfcState): Route[] {
  return [
    {
      method: 'GET',
      pattern: '/organizations/{org}/agent-pools',
      handle: ({ params, url }) => {
        const org = state.organization(params['org'] ?? '').name;
        // `q` searches names: a part of the name matches, case-insensitively.
        const q = url.searchParams.get('q')?.toLowerCase();
        const pools = [...state.pools.values()].filter(
          (p) => p.organization === org && (q === undefined || p.name.toLowerCase().includes(q)),
        );
        return listDocument(
          pools.map((p) => poolShape(state, p)),
          url,
        );
      },
    },
    {
      method: 'GET',
      pattern: '/agent-pools/{id}',
      handle: ({ params }) => ({
        status: 200,
        body: { data: poolShape(state, state.pool(params['id'] ?? '')) },
      }),
    },
    {
      method: 'GET',
      pattern: '/agent-pools/{id}/agents',
      handle: ({ params, url }) => {
        const pool = state.pool(params['id'] ?? '');
        const agents = [...state.agents.values()].filter((a) => a.poolId === pool.id);
        return listDocument(agents.map(agentShape), url);
      },
    },
  ];
}
