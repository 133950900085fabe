import { errorMessage } from '../../core/errors.js';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import type { Hono } from 'hono';
import type { Logger } from '../../telemetry/logger.js';
import { raceTimeout } from './background-tasks.js';
import { nodeWebhookHandler } from './node-webhook.js';
import type { WebhookReceiver } from './webhook-receiver.js';

export interface ListenAddress {
  /** 0: any free port (tests). */
  readonly port: number;
  readonly host: string;
}

export interface RunningServer {
  /** `http://host:port` with the port actually bound. */
  readonly url: string;
  readonly port: number;
  /**
   * Stops accepting connections, lets requests in progress finish for at most
   * `timeoutMs`, then cuts what is left.
   */
  close(timeoutMs: number): Promise<void>;
}

function urlOf(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** What the Node server serves: the Hono app, and POST /webhook directly when `webhook` is set. */
export interface NodeServerApp {
  readonly app: Hono;
  readonly webhook?: WebhookReceiver;
  readonly logger?: Logger;
}

/**
 * Serves the app on Node with `@hono/node-server`'s request listener, and POST /webhook
 * straight on node:http when a receiver is given (node-webhook.ts says why); resolves once
 * listening, rejects on EADDRINUSE and the like.
 */
export function startNodeServer(served: NodeServerApp, address: ListenAddress): Promise<RunningServer> {
  const hono = getRequestListener(served.app.fetch);
  const { webhook, logger } = served;
  const direct =
    webhook &&
    nodeWebhookHandler(webhook, (err) => {
      logger?.error(`POST /webhook failed: ${errorMessage(err)}`);
    });
  // A request that has not arrived in full after 30 s is not GitHub (it gives up at 10 s):
  // the socket is freed rather than held by a slow sender.
  const server = createServer({ requestTimeout: 30_000, headersTimeout: 15_000 }, (req, res) => {
    if (
      direct !== undefined &&
      req.method === 'POST' &&
      (req.url === '/webhook' || req.url?.startsWith('/webhook?'))
    )
      direct(req, res);
    else void hono(req, res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(address.port, address.host, () => {
      server.off('error', reject);
      const info = server.address() as AddressInfo;
      resolve({
        url: urlOf(address.host, info.port),
        port: info.port,
        close: (ms) => closeServer(server, ms),
      });
    });
  });
}

async function closeServer(server: Server, timeoutMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => {
    server.close(() => {
      resolve();
    });
  });
  // Keep-alive connections with no request in progress would hold close() open until
  // their timeout; a connection whose request finishes meanwhile becomes idle too.
  server.closeIdleConnections();
  const sweep = setInterval(() => {
    server.closeIdleConnections();
  }, 100);
  try {
    if (!(await raceTimeout([closed], timeoutMs))) {
      server.closeAllConnections();
      await closed;
    }
  } finally {
    clearInterval(sweep);
  }
}
