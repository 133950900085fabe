import { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { raceTimeout } from './background-tasks.js';

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

/** Serves `app` on Node with `@hono/node-server`; resolves once listening, rejects on EADDRINUSE and the like. */
export function startNodeServer(app: Hono, address: ListenAddress): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server = serve(
      {
        fetch: app.fetch,
        port: address.port,
        hostname: address.host,
        // A request that has not arrived in full after 30 s is not GitHub (it gives up at
        // 10 s): the socket is freed rather than held by a slow sender.
        serverOptions: { requestTimeout: 30_000, headersTimeout: 15_000 },
      },
      (info: AddressInfo) => {
        server.off('error', reject);
        if (!(server instanceof Server)) {
          reject(new Error('expected an HTTP/1.1 server'));
          return;
        }
        resolve({
          url: urlOf(address.host, info.port),
          port: info.port,
          close: (ms) => closeServer(server, ms),
        });
      },
    );
    server.once('error', reject);
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
