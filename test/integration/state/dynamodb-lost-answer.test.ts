/**
 * A DynamoDB conditional write that succeeded but whose answer was lost (a 500 or a
 * timeout after the service applied it) is retried by the SDK; the retry's condition then
 * fails against the write itself. Found by review: the store reported ConflictError, so a
 * create-only-if-absent claim (executor.ts) read as "already claimed by another launch"
 * although nobody else claimed, and the job got no runner.
 */
import { createServer, request } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { StateStore } from '../../../src/state/store.js';
import { createDynamoDbStore } from '../../../src/state/dynamodb/dynamodb-store.js';
import { FAKE_AWS_ENV, startDynalite, type Dynalite } from '../../support/dynalite.js';
import { listenOnLoopback } from '../../support/loopback.js';

let server: Dynalite;
let proxy: ReturnType<typeof createServer>;
let proxyEndpoint = '';
let loseNextWriteAnswer = false;
/** The writes whose answers were dropped, by operation. */
const lost: string[] = [];

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
            const operation = String(req.headers['x-amz-target']).split('.').pop() ?? '';
            const isWrite = operation === 'PutItem' || operation === 'UpdateItem';
            if (isWrite && loseNextWriteAnswer && up.statusCode === 200) {
              // The write is applied; its answer is lost as a 500 would lose it.
              loseNextWriteAnswer = false;
              lost.push(operation);
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
  proxyEndpoint = `http://127.0.0.1:${await listenOnLoopback(proxy)}`;
});
afterAll(async () => {
  await new Promise<void>((r) =>
    proxy.close(() => {
      r();
    }),
  );
  await server.close();
});

async function lostAnswer(
  prepare: (store: StateStore) => Promise<void>,
  write: (store: StateStore) => Promise<number>,
): Promise<{ outcome: string; stored: unknown; lost: string[] }> {
  const table = await server.createStateTable();
  const store = createDynamoDbStore({
    table,
    clock: () => Date.now(),
    endpoint: proxyEndpoint,
    env: FAKE_AWS_ENV,
  });
  await prepare(store);
  lost.length = 0;
  loseNextWriteAnswer = true;
  const outcome = await write(store).then(
    (v) => `ok ${v}`,
    (e: unknown) => `${(e as Error).name}: ${(e as Error).message}`,
  );
  const stored = await store.get('claim/pool/worker-1');
  await store.close();
  return { outcome, stored, lost: [...lost] };
}

it('a create-if-absent whose first answer was lost still succeeds (it was our write)', async () => {
  const r = await lostAnswer(
    () => Promise.resolve(),
    (store) => store.put('claim/pool/worker-1', { jobId: '1', at: 'x' }, 0),
  );
  expect(r.lost).toHaveLength(1); // the answer was dropped, and the SDK sent the write again
  expect(r.stored).toEqual({ value: { jobId: '1', at: 'x' }, version: 1 }); // our write is there
  expect(r.outcome).toBe('ok 1');
});

it('so does a create over a tombstone, and a compare-and-set update', async () => {
  const created = await lostAnswer(
    async (store) => {
      await store.put('claim/pool/worker-1', 'first', 0);
      await store.delete('claim/pool/worker-1', 1);
    },
    (store) => store.put('claim/pool/worker-1', 'second', 0),
  );
  expect(created).toEqual({ outcome: 'ok 2', stored: { value: 'second', version: 2 }, lost: ['UpdateItem'] });
  const updated = await lostAnswer(
    async (store) => {
      await store.put('claim/pool/worker-1', 'first', 0);
    },
    (store) => store.put('claim/pool/worker-1', 'second', 1),
  );
  expect(updated).toEqual({ outcome: 'ok 2', stored: { value: 'second', version: 2 }, lost: ['PutItem'] });
});
