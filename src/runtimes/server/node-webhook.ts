import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WebhookAnswer, WebhookReceiver } from './webhook-receiver.js';

export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * The body, or undefined once it is known to exceed `maxBytes`: by Content-Length before
 * reading (GitHub always sends one), or while a chunked body streams in, without
 * buffering the rest.
 */
function readBody(req: IncomingMessage, maxBytes: number): Promise<Uint8Array | undefined> {
  const length = req.headers['content-length'];
  if (length !== undefined && (!/^\d+$/.test(length) || Number(length) > maxBytes))
    return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size <= maxBytes) {
        chunks.push(chunk);
        return;
      }
      req.off('data', onData);
      req.pause();
      resolve(undefined);
    };
    req.on('data', onData);
    req.once('end', () => {
      resolve(chunks.length === 1 && chunks[0] !== undefined ? chunks[0] : Buffer.concat(chunks));
    });
    req.once('error', reject);
  });
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}

function send(res: ServerResponse, answer: WebhookAnswer): void {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (answer.close) headers['connection'] = 'close';
  res.writeHead(answer.status, headers).end(JSON.stringify(answer.body));
}

/**
 * POST /webhook served on `node:http` without the framework: deliveries are the one hot
 * route (bursts of a queued event per job), and Hono's web Request and Response per
 * delivery cost a third of the receiver's time (`npm run bench:server`). The answer is
 * the same function's as the Hono route's (webhook-receiver.ts).
 *
 * Answers are written in the loop's check phase (setImmediate), after every delivery read
 * in the same turn, rather than one by one as each is handled. Under a burst the writes
 * then go out back to back while the peer is still awake to read them; written one at a
 * time, each write paid for waking the peer (context switches under load 6.9k/s -> 0.9k/s).
 * That raised deliveries per second by ~30 % in `npm run bench:server`, p99 staying near
 * 20 ms at 50 connections, and delays a lone delivery's answer by microseconds.
 */
export function nodeWebhookHandler(receiver: WebhookReceiver, onError: (err: unknown) => void): NodeHandler {
  const fail = (res: ServerResponse, err: unknown) => {
    onError(err);
    if (!res.headersSent)
      res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"internal error"}');
    else res.destroy();
  };
  return (req, res) => {
    readBody(req, receiver.maxBodyBytes)
      .then((bytes) => receiver.receive({ header: (name) => header(req, name), bytes }))
      .then((answer) => {
        setImmediate(() => {
          try {
            send(res, answer);
          } catch (err) {
            fail(res, err);
          }
        });
      })
      .catch((err: unknown) => {
        fail(res, err);
      });
  };
}
