import { listen as listenFake, type RunningServer } from '../fake-http-server.js';
import type { ApiRequest, Reply } from './api-handler.js';

export type { RunningServer } from '../fake-http-server.js';

/** The fake GitHub's server: the fakes' shared one, with bodies as text. */
export function listen(handle: (request: ApiRequest) => Reply): Promise<RunningServer> {
  return listenFake('GitHub', (r) =>
    handle({ method: r.method, url: r.url, headers: r.headers, body: r.body.toString('utf8') }),
  );
}
