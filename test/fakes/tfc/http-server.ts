import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Reply } from './api-handler.js';

export interface IncomingRequest {
  readonly method: string;
  readonly url: URL;
  readonly authorization: string | undefined;
  readonly remoteAddress: string | undefined;
}

export interface RunningServer {
  readonly url: string;
  close(): Promise<void>;
}

async function drain(req: IncomingMessage): Promise<void> {
  for await (const _chunk of req) {
    // The fake reads no request bodies; the stream is consumed so the socket is reused.
  }
}

/**
 * A node:http server on 127.0.0.1 and a free port. A handler that throws answers 500 with
 * the stack, so a bug in the fake shows in the failing test instead of a hang.
 */
export async function listen(handle: (request: IncomingRequest) => Reply): Promise<RunningServer> {
  let base = 'http://127.0.0.1';
  const server = createServer((req, res) => {
    void (async () => {
      let reply: Reply;
      try {
        await drain(req);
        reply = handle({
          method: req.method ?? 'GET',
          url: new URL(req.url ?? '/', base),
          authorization: req.headers.authorization,
          remoteAddress: req.socket.remoteAddress,
        });
      } catch (error) {
        const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
        reply = {
          status: 500,
          headers: { 'content-type': 'text/plain' },
          body: `fake TFC failed: ${detail}`,
        };
      }
      res.writeHead(reply.status, reply.headers);
      res.end(reply.body);
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Clients keep connections alive; without this, close() waits for them to time out.
        server.closeAllConnections();
        server.close((error) => {
          if (error === undefined) resolve();
          else reject(error);
        });
      }),
  };
}
