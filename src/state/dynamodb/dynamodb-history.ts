/**
 * History in DynamoDB: one item per entry under the pool's partition, sorted by append
 * time. An append writes the entry and deletes whatever lies beyond the newest `limit`,
 * so a pool keeps a bounded number of items however long it runs; the `ttl` attribute
 * only cleans up after pools that stopped appending (DynamoDB deletes expired items
 * lazily, within days, so it cannot bound anything by itself).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  BatchWriteItemCommand,
  PutItemCommand,
  QueryCommand,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { StateError } from '../../core/errors.js';
import type { HistoryEntry } from '../store.js';
import type { TableAccess } from './dynamodb-access.js';
import { historyPk, readHistory, type Item } from './dynamodb-items.js';

/** BatchWriteItem takes at most 25 requests. */
const BATCH_SIZE = 25;
/** Waits before re-sending deletes DynamoDB left unprocessed (it does so under throttling). */
const UNPROCESSED_RETRY_MS = [50, 100, 200, 400, 800];

export async function appendHistoryItem(
  access: TableAccess,
  item: Item,
  pool: string,
  limit: number,
): Promise<void> {
  // With limit 0 the entry would be trimmed at once: writing it would only cost a request.
  if (limit > 0) {
    await access.call('PutItem (history)', (client) =>
      client.send(new PutItemCommand({ TableName: access.table, Item: item })),
    );
  }
  const keys = await queryNewest(access, pool, { keysOnly: true });
  await deleteItems(access, keys.slice(limit));
}

/** The newest `limit` entries of a pool, oldest first. */
export async function listHistoryItems(
  access: TableAccess,
  pool: string,
  limit: number,
): Promise<HistoryEntry[]> {
  if (limit === 0) return [];
  const items = await queryNewest(access, pool, { max: limit });
  return items.map((item) => readHistory(item, pool, access.table)).reverse();
}

async function queryNewest(
  access: TableAccess,
  pool: string,
  options: { readonly max?: number; readonly keysOnly?: boolean },
): Promise<Item[]> {
  const max = options.max ?? Number.POSITIVE_INFINITY;
  const keysOnly = options.keysOnly === true;
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    const remaining = max - items.length;
    const page = await access.call('Query (history)', (client) =>
      client.send(
        new QueryCommand({
          TableName: access.table,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': 'pk', ...(keysOnly && { '#sk': 'sk' }) },
          ExpressionAttributeValues: { ':pk': { S: historyPk(pool) } },
          ScanIndexForward: false,
          // An append trims right after its write, and must see that write.
          ConsistentRead: true,
          ...(Number.isFinite(remaining) && { Limit: remaining }),
          ...(keysOnly && { ProjectionExpression: '#pk, #sk' }),
          ...(start !== undefined && { ExclusiveStartKey: start }),
        }),
      ),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start !== undefined && items.length < max);
  return items;
}

async function deleteItems(access: TableAccess, keys: readonly Item[]): Promise<void> {
  for (let i = 0; i < keys.length; i += BATCH_SIZE) {
    // The keys come from a query that projected pk and sk only, so each is exactly a key.
    const requests = keys
      .slice(i, i + BATCH_SIZE)
      .map((key): WriteRequest => ({ DeleteRequest: { Key: key } }));
    await writeBatch(access, requests);
  }
}

async function writeBatch(access: TableAccess, requests: WriteRequest[]): Promise<void> {
  let pending = requests;
  for (const delay of [0, ...UNPROCESSED_RETRY_MS]) {
    if (delay > 0) await sleep(delay);
    const batch = pending;
    const result = await access.call('BatchWriteItem (history trim)', (client) =>
      client.send(new BatchWriteItemCommand({ RequestItems: { [access.table]: batch } })),
    );
    pending = result.UnprocessedItems?.[access.table] ?? [];
    if (pending.length === 0) return;
  }
  throw new StateError(
    `DynamoDB table "${access.table}": the history entry was appended, but ${pending.length} older ` +
      `entries were left undeleted after ${UNPROCESSED_RETRY_MS.length} retries (throttled); ` +
      `the next append trims them`,
  );
}
