/**
 * Locks in DynamoDB: one item per lock, taken by a write whose condition compares the
 * stored `expiresAt` with the taker's clock. The item of an expired lock stays until the
 * next owner overwrites it: TTL deletion runs lazily, days late, so nothing may wait for it.
 */
import { ConditionalCheckFailedException, DeleteItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { Lock } from '../store.js';
import type { TableAccess } from './dynamodb-access.js';
import { lockItem, lockKey } from './dynamodb-items.js';

/** Free once `now >= expiresAt`, like the shared rule in state-data.ts; the owner renews. */
export async function takeLockItem(
  access: TableAccess,
  name: string,
  owner: string,
  now: number,
  ttlMs: number,
): Promise<Lock | undefined> {
  const expiresAt = now + ttlMs;
  try {
    await access.call('PutItem (lock)', (client) =>
      client.send(
        new PutItemCommand({
          TableName: access.table,
          Item: lockItem(name, owner, expiresAt),
          ConditionExpression: 'attribute_not_exists(pk) OR #expiresAt <= :now OR #owner = :owner',
          ExpressionAttributeNames: { '#expiresAt': 'expiresAt', '#owner': 'owner' },
          ExpressionAttributeValues: { ':now': { N: String(now) }, ':owner': { S: owner } },
        }),
      ),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return undefined;
    throw error;
  }
  return { name, owner, expiresAt };
}

export async function releaseLockItem(access: TableAccess, name: string, owner: string): Promise<void> {
  try {
    await access.call('DeleteItem (lock)', (client) =>
      client.send(
        new DeleteItemCommand({
          TableName: access.table,
          Key: lockKey(name),
          ConditionExpression: '#owner = :owner',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':owner': { S: owner } },
        }),
      ),
    );
  } catch (error) {
    // Held by another owner, or not held at all: nothing of ours to release.
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}
