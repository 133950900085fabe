/**
 * A DynamoDB conditional write that succeeded but whose answer was lost (a 500 or a
 * timeout after the service applied it) is retried by the SDK; the retry's condition then
 * fails against the write itself. Found by review: the store reported ConflictError, so a
 * create-only-if-absent claim (executor.ts) read as "already claimed by another launch"
 * although nobody else claimed, and the job got no runner.
 */
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDynamoDbStore } from '../../../src/state/dynamodb/dynamodb-store.js';
import { FAKE_AWS_ENV, startDynalite, type Dynalite } from '../../support/dynalite.js';

let server: Dynalite;
let proxy: ReturnType<typeof createServer>;
let proxyEndpoint = '';
let loseNextPutAnswer = false;

beforeAll(async () => {
  server = await startDynalite();
  const target = new URL(server.endpoint);
  proxy = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const upstream = request(
        { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
        (up) => {
          const out: Buffer[] = [];
          up.on('data', (c: Buffer) => out.push(c));
          up.on('end', () => {
            const isPut = String(req.headers['x-amz-target']).endsWith('.PutItem');
            if (isPut && loseNextPutAnswer && up.statusCode === 200) {
              // The write is applied; its answer is lost as a 500 would lose it.
              loseNextPutAnswer = false;
              res.writeHead(500, { 'content-type': 'application/x-amz-json-1.0' });
              res.end(
                JSON.stringify({
                  __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError',
                  message: 'lost',
                }),
              );
              return;
            }
            res.writeHead(up.statusCode ?? 500, up.headers);
            res.end(Buffer.concat(out));
          });
        },
      );
      upstream.end(body);
    });
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  proxyEndpoint = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((r) =>
    proxy.close(() => {
      r();
    }),
  );
  await server.close();
});

it('a create-if-absent whose first answer was lost still succeeds (it was our write)', async () => {
  const table = await server.createStateTable();
  const store = createDynamoDbStore({
    table,
    clock: () => Date.now(),
    endpoint: proxyEndpoint,
    env: FAKE_AWS_ENV,
  });
  loseNextPutAnswer = true;
  const outcome = await store.put('claim/pool/worker-1', { jobId: '1', at: 'x' }, 0).then(
    (v) => `ok ${v}`,
    (e: unknown) => `${(e as Error).name}: ${(e as Error).message}`,
  );
  const stored = await store.get('claim/pool/worker-1');
  await store.close();
  expect(stored).toEqual({ value: { jobId: '1', at: 'x' }, version: 1 }); // our write is there
  expect(outcome).toBe('ok 1');
});
