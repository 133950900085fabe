import { createServer, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { listenOnLoopback } from '../support/loopback.js';

export interface FakeRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly remoteAddress: string | undefined;
}

export interface FakeReply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Buffer | string;
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * The fakes' HTTP server (GitHub, HCP Terraform, the Actions cache): node:http on
 * 127.0.0.1 and a free port, with raw bodies (cache archives are binary). It also takes
 * absolute-form request targets (`GET http://host/path`), which is what a client sends
 * when this server is its HTTP proxy. A handler that throws answers 500 with the stack, so
 * a bug in the fake shows in the failing test instead of a hang.
 */
export async function listen(
  name: string,
  handle: (request: FakeRequest) => FakeReply,
): Promise<RunningServer> {
  let base = 'http://127.0.0.1';
  const server = createServer((req, res) => {
    void (async () => {
      let reply: FakeReply;
      try {
        const body = await readBody(req);
        const url = new URL(req.url ?? '/', base);
        const remoteAddress = req.socket.remoteAddress;
        reply = handle({ method: req.method ?? 'GET', url, headers: req.headers, body, remoteAddress });
      } catch (error) {
        const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
        reply = {
          status: 500,
          headers: { 'content-type': 'text/plain' },
          body: `fake ${name} failed: ${detail}`,
        };
      }
      res.writeHead(reply.status, reply.headers);
      // HEAD replies carry content-length but no body.
      res.end(req.method === 'HEAD' ? undefined : reply.body);
    })();
  });
  const port = await listenOnLoopback(server);
  base = `http://127.0.0.1:${port}`;
  return {
    url: base,
    port,
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
