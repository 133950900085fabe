import type { Reply } from './api-handler.js';
import { FakeError } from './fake-error.js';
import type { Faults } from './faults.js';
import { idParam, matchPattern } from './route.js';
import type { GitHubState } from './state.js';

export interface ProtocolDeps {
  readonly state: GitHubState;
  readonly faults: Faults;
}

interface ProtocolRoute {
  readonly pattern: string;
  /** The plain-text answer. */
  readonly handle: (id: number) => string;
}

function text(status: number, body: string): Reply {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body };
}

/**
 * The fake runner protocol (docs/dev/fake-runner-protocol.md): plain text, no auth, for
 * the test runner image in a container.
 */
function protocolRoutes({ state, faults }: ProtocolDeps): ProtocolRoute[] {
  return [
    {
      pattern: '/_fake/runners/{id}/connect',
      handle: (id) => {
        const runner = state.runner(id);
        // A crashed runner never comes online: it stays registered, offline, as on GitHub.
        if (faults.takeCrash()) return 'crash';
        state.connect(runner);
        return 'ok';
      },
    },
    {
      pattern: '/_fake/runners/{id}/acquire',
      handle: (id) => {
        const job = state.acquire(state.runner(id));
        return job === undefined ? '' : `${job.id} ${job.duration}`;
      },
    },
    {
      pattern: '/_fake/jobs/{id}/complete',
      handle: (id) => {
        state.complete(id, 'success');
        return 'ok';
      },
    },
  ];
}

/**
 * Answers the protocol's POSTs. A runner deleted meanwhile, or an unknown job, gets a
 * 404 with a reason; the script exits on any non-200.
 */
export function createProtocolHandler(deps: ProtocolDeps): (method: string, url: URL) => Reply {
  const routes = protocolRoutes(deps);
  return (method, url) => {
    for (const route of routes) {
      const params = matchPattern(route.pattern, url.pathname);
      if (params === undefined || method !== 'POST') continue;
      const id = idParam(params, 'id');
      if (id === undefined) return text(404, `bad id in ${url.pathname}`);
      try {
        return text(200, route.handle(id));
      } catch (error) {
        if (error instanceof FakeError) return text(error.status, error.message);
        throw error;
      }
    }
    return text(404, `no fake protocol endpoint ${method} ${url.pathname}`);
  };
}
