import { listen as listenFake, type RunningServer } from '../fake-http-server.js';
import type { Reply } from './api-handler.js';

export type { RunningServer } from '../fake-http-server.js';

export interface IncomingRequest {
  readonly method: string;
  readonly url: URL;
  readonly authorization: string | undefined;
  readonly remoteAddress: string | undefined;
}

/** The fake TFC's server: the fakes' shared one; TFC requests it answers carry no body it reads. */
export function listen(handle: (request: IncomingRequest) => Reply): Promise<RunningServer> {
  return listenFake('TFC', (r) =>
    handle({
      method: r.method,
      url: r.url,
      authorization: r.headers.authorization,
      remoteAddress: r.remoteAddress,
    }),
  );
}
