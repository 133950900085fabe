/**
 * The DynamoDB store against dynalite, for what the contract suite (stores.test.ts)
 * does not cover: several instances on one table, what lands in the table, failures.
 */
import { GetItemCommand, PutItemCommand, QueryCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, StateError } from '../../../src/core/errors.js';
import type { Clock } from '../../../src/core/types.js';
import { createDynamoDbStore, type DynamoDbStore } from '../../../src/state/dynamodb/dynamodb-store.js';
import { createStateStore } from '../../../src/state/registry.js';
import type { HistoryEntry } from '../../../src/state/store.js';
import { historyEntry } from '../../contract/state-store-contract.js';
import { startFailingEndpoint } from '../../support/dynamodb-error-endpoint.js';
import { FAKE_AWS_ENV, startDynalite, type Dynalite } from '../../support/dynalite.js';

const START = Date.UTC(2026, 0, 1);
const THIRTY_DAYS_S = 30 * 24 * 3600;

let server: Dynalite;
const admin = () => server.client();
let table: string;
const stores: DynamoDbStore[] = [];

beforeAll(async () => {
  server = await startDynalite();
});
afterAll(async () => {
  await Promise.all(stores.map((s) => s.close()));
  await server.close();
});
beforeEach(async () => {
  table = await server.createStateTable();
});

function storeOn(name: string, clock: Clock = () => START): DynamoDbStore {
  const store = createDynamoDbStore({ table: name, clock, endpoint: server.endpoint, env: FAKE_AWS_ENV });
  stores.push(store);
  return store;
}

async function rawItem(pk: string, sk: string) {
  const client = admin();
  try {
    return (
      await client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: pk }, sk: { S: sk } } }))
    ).Item;
  } finally {
    client.destroy();
  }
}

async function rawItems(options: { pk?: string } = {}) {
  const client = admin();
  try {
    const result =
      options.pk === undefined
        ? await client.send(new ScanCommand({ TableName: table }))
        : await client.send(
            new QueryCommand({
              TableName: table,
              KeyConditionExpression: 'pk = :pk',
              ExpressionAttributeValues: { ':pk': { S: options.pk } },
            }),
          );
    return result.Items ?? [];
  } finally {
    client.destroy();
  }
}

describe('locks', () => {
  it('expire by the stored expiresAt compared with the taker’s clock, not by deletion', async () => {
    let timeA = START;
    let timeB = START;
    const a = storeOn(table, () => timeA);
    const b = storeOn(table, () => timeB);
    expect(await a.lock('pool-a', 'A', 1000)).toEqual({
      name: 'pool-a',
      owner: 'A',
      expiresAt: START + 1000,
    });
    const stored = await rawItem('lock#pool-a', 'lock');
    expect(stored).toMatchObject({ owner: { S: 'A' }, expiresAt: { N: String(START + 1000) } });
    expect(stored?.['ttl']).toBeUndefined();
    timeB = START + 999;
    expect(await b.lock('pool-a', 'B', 1000)).toBeUndefined();
    // Free at exactly expiresAt, as in the shared rule of the other stores.
    timeB = START + 1000;
    expect(await b.lock('pool-a', 'B', 1000)).toEqual({
      name: 'pool-a',
      owner: 'B',
      expiresAt: START + 2000,
    });
    // A's clock says its lock is still valid, but the table says B holds it now.
    timeA = START + 500;
    expect(await a.lock('pool-a', 'A', 1000)).toBeUndefined();
    await a.release('pool-a', 'A');
    expect(await rawItem('lock#pool-a', 'lock')).toMatchObject({ owner: { S: 'B' } });
    await b.release('pool-a', 'B');
    expect(await rawItem('lock#pool-a', 'lock')).toBeUndefined();
  });
});

describe('compare-and-set between instances', () => {
  it('two stores racing read-increment-write on one key end at exactly N', async () => {
    const a = storeOn(table);
    const b = storeOn(table);
    await a.put('counter', { n: 0 }, 0);
    const perWorker = 10;
    const worker = async (store: DynamoDbStore): Promise<number> => {
      let conflicts = 0;
      for (let done = 0; done < perWorker;) {
        const current = await store.get('counter');
        const n = (current?.value as { n: number }).n;
        try {
          await store.put('counter', { n: n + 1 }, current?.version ?? 0);
          done += 1;
        } catch (error) {
          if (!(error instanceof ConflictError)) throw error;
          conflicts += 1;
        }
      }
      return conflicts;
    };
    await Promise.all([worker(a), worker(a), worker(b), worker(b)]);
    expect(await b.get('counter')).toEqual({ value: { n: 4 * perWorker }, version: 4 * perWorker + 1 });
  });

  it('plain writes racing from two stores each get their own version', async () => {
    const a = storeOn(table);
    const b = storeOn(table);
    const writes = Array.from({ length: 30 }, (_, i) => (i % 2 === 0 ? a : b).put('plain', { i }, 'any'));
    const versions = await Promise.all(writes);
    expect([...versions].sort((x, y) => x - y)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect((await a.get('plain'))?.version).toBe(30);
  });

  it('names the version it found in a conflict', async () => {
    const store = storeOn(table);
    await store.put('k', 'a', 0);
    await expect(store.put('k', 'b', 5)).rejects.toThrow('put "k": expected version 5, found 1');
    await expect(store.delete('k', 3)).rejects.toThrow('delete "k": expected version 3, found 1');
    await expect(store.put('absent', 'b', 2)).rejects.toThrow('expected version 2, found 0');
  });
});

describe('history', () => {
  it('trims the table to the newest `limit` items per pool, each with a ttl for cleanup', async () => {
    const store = storeOn(table);
    for (let n = 1; n <= 8; n++) await store.appendHistory(historyEntry('a', n), 3);
    await store.appendHistory(historyEntry('b', 1), 3);
    const items = await rawItems({ pk: 'history#a' });
    expect(items).toHaveLength(3);
    for (const item of items) expect(item['ttl']).toEqual({ N: String(START / 1000 + THIRTY_DAYS_S) });
    expect(await store.listHistory('a', 10)).toEqual([6, 7, 8].map((n) => historyEntry('a', n)));
    expect(await rawItems({ pk: 'history#b' })).toHaveLength(1);
  });

  it('trims more than one batch of deletes at once, and everything with limit 0', async () => {
    const store = storeOn(table);
    for (let n = 1; n <= 30; n++) await store.appendHistory(historyEntry('a', n), 100);
    await store.appendHistory(historyEntry('a', 31), 2);
    expect(await rawItems({ pk: 'history#a' })).toHaveLength(2);
    expect(await store.listHistory('a', 10)).toEqual([30, 31].map((n) => historyEntry('a', n)));
    await store.appendHistory(historyEntry('a', 32), 0);
    expect(await rawItems({ pk: 'history#a' })).toHaveLength(0);
  });

  it('lists the newest entries across instances in append order', async () => {
    let time = START;
    const a = storeOn(table, () => time);
    const b = storeOn(table, () => time);
    await a.appendHistory(historyEntry('a', 1), 10);
    time += 1;
    await b.appendHistory(historyEntry('a', 2), 10);
    time += 1;
    await a.appendHistory(historyEntry('a', 3), 10);
    expect(await b.listHistory('a', 2)).toEqual([2, 3].map((n) => historyEntry('a', n)));
  });
});

describe('refusals and failures', () => {
  it('refuses values JSON cannot hold, writing nothing', async () => {
    const store = storeOn(table);
    await expect(store.put('k', new Date(0), 0)).rejects.toThrow(TypeError);
    await expect(store.put('k', { a: undefined }, 'any')).rejects.toThrow('value.a is undefined');
    const entry = { ...historyEntry('a', 1), extra: () => 1 } as unknown as HistoryEntry;
    await expect(store.appendHistory(entry, 10)).rejects.toThrow(TypeError);
    expect(await rawItems()).toEqual([]);
  });

  it('a missing table is a StateError naming it, never an absent key', async () => {
    const store = storeOn('no-such-table');
    const calls = [
      () => store.get('k'),
      () => store.put('k', 1, 0),
      () => store.put('k', 1, 'any'),
      () => store.delete('k', 1),
      () => store.lock('pool-a', 'A', 1000),
      () => store.release('pool-a', 'A'),
      () => store.appendHistory(historyEntry('a', 1), 10),
      () => store.listHistory('a', 10),
    ];
    for (const call of calls) {
      const error: unknown = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StateError);
      expect((error as Error).message).toMatch(/table "no-such-table": the table does not exist/);
      expect((error as Error).message).toContain('ci-scaler state init --dynamodb no-such-table');
    }
  });

  it('an unreadable item is a StateError naming it, not an absent one', async () => {
    const client = admin();
    const put = (key: string, value: string, schemaVersion: string) =>
      client.send(
        new PutItemCommand({
          TableName: table,
          Item: {
            pk: { S: `doc#${key}` },
            sk: { S: 'doc' },
            value: { S: value },
            version: { N: '1' },
            schemaVersion: { N: schemaVersion },
          },
        }),
      );
    await put('broken', '{not json', '1');
    await put('newer', '{}', '2');
    client.destroy();
    const store = storeOn(table);
    await expect(store.get('broken')).rejects.toThrow(/"doc#broken".*does not hold valid JSON/);
    await expect(store.get('newer')).rejects.toThrow(/schemaVersion 2, written by a newer ci-scaler/);
  });

  it('maps throttling and service errors to StateError saying so', async () => {
    const fake = await startFailingEndpoint();
    const clientStore = (client: ReturnType<typeof server.client>) => {
      const store = createDynamoDbStore({ table: 'state', clock: () => START, client });
      stores.push(store);
      return store;
    };
    const client = server.client({ endpoint: fake.endpoint, maxAttempts: 1 });
    try {
      fake.answer = { status: 400, type: 'ProvisionedThroughputExceededException' };
      await expect(clientStore(client).get('k')).rejects.toThrow(/GetItem on table "state" was throttled/);
      fake.answer = { status: 500, type: 'InternalServerError' };
      await expect(clientStore(client).put('k', 1, 3)).rejects.toThrow(/on the service side \(HTTP 500\)/);
      fake.answer = { status: 503, type: 'ServiceUnavailable' };
      await expect(clientStore(client).lock('p', 'A', 1)).rejects.toThrow(StateError);
    } finally {
      client.destroy();
      await fake.close();
    }
  });

  it('closes after the calls already made, and refuses later ones', async () => {
    const store = storeOn(table);
    const pending = store.put('k', 1, 0);
    await store.close();
    expect(await pending).toBe(1);
    await expect(store.get('k')).rejects.toThrow(/table ".*" is closed/);
  });
});

describe('through the registry', () => {
  it('loads the backend for state type dynamodb, configured from the environment', async () => {
    const store = await createStateStore(
      { type: 'dynamodb', table },
      { clock: () => START, env: { ...FAKE_AWS_ENV, AWS_ENDPOINT_URL_DYNAMODB: server.endpoint } },
    );
    try {
      expect(store.type).toBe('dynamodb');
      expect([...store.capabilities].sort()).toEqual(['compare-and-set', 'history', 'locks']);
      expect(await store.put('k', { a: 1 }, 0)).toBe(1);
      expect(await store.get('k')).toEqual({ value: { a: 1 }, version: 1 });
    } finally {
      await store.close();
    }
  });
});
