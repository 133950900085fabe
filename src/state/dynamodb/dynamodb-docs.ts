/**
 * Documents in DynamoDB: one item per key, compare-and-set by a condition on its
 * `version` attribute; a deleted key's item stays as a tombstone (`deletedAt`) holding
 * its version. Arguments are checked by the store before these run.
 */
import { randomUUID } from 'node:crypto';
import {
  ConditionalCheckFailedException,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { ConflictError, StateError } from '../../core/errors.js';
import { TOMBSTONE_RETENTION_MS, type Versioned } from '../store.js';
import type { TableAccess } from './dynamodb-access.js';
import {
  docItem,
  docKey,
  readDoc,
  readVersion,
  SCHEMA_VERSION,
  TTL_ATTRIBUTE,
  type Item,
} from './dynamodb-items.js';

export async function getDoc(access: TableAccess, key: string): Promise<Versioned<unknown> | undefined> {
  const item = await getItem(access, key);
  return item === undefined || isTombstone(item) ? undefined : readDoc(item, access.table);
}

/**
 * Writes `json` if the stored version is `expected` (0: only if absent); gives the new
 * version. A create over a tombstone (a key deleted lately) goes on from its version.
 */
export async function putDoc(
  access: TableAccess,
  key: string,
  json: string,
  expected: number,
): Promise<number> {
  // The SDK retries a write whose answer was lost (a 500, a timeout) with the same
  // request, and that retry's condition fails against the write itself: the token tells
  // "this was my write" from another writer's.
  const writer = randomUUID();
  const mine = (item: Item | undefined): boolean => item?.['writer']?.S === writer;
  if (expected === 0) {
    const result = await conditionally(access, 'UpdateItem', key, (client) =>
      client.send(
        new UpdateItemCommand({
          TableName: access.table,
          Key: docKey(key),
          UpdateExpression: `${SET_VALUE}, #writer = :writer ${REMOVE_TOMBSTONE}`,
          ConditionExpression: 'attribute_not_exists(pk) OR attribute_exists(#deletedAt)',
          ...valueAttributes(json, { '#writer': 'writer' }, { ':writer': { S: writer } }),
          ReturnValues: 'UPDATED_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      ),
    );
    if ('failed' in result && !mine(result.failed)) throw conflict('put', key, expected, result.failed);
    return versionOf(access, key, 'written' in result ? result.written.Attributes : result.failed);
  }
  const result = await conditionally(access, 'PutItem', key, (client) =>
    client.send(
      new PutItemCommand({
        TableName: access.table,
        Item: { ...docItem(key, json, expected + 1), writer: { S: writer } },
        ConditionExpression: '#version = :expected AND attribute_not_exists(#deletedAt)',
        ExpressionAttributeNames: { '#version': 'version', '#deletedAt': DELETED_AT },
        ExpressionAttributeValues: { ':expected': { N: String(expected) } },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    ),
  );
  if ('failed' in result && !mine(result.failed)) throw conflict('put', key, expected, result.failed);
  return expected + 1;
}

/** 'any' still counts versions: an atomic increment, so racing plain writes each get their own. */
export async function putDocAnyVersion(access: TableAccess, key: string, json: string): Promise<number> {
  const result = await access.call('UpdateItem', (client) =>
    client.send(
      new UpdateItemCommand({
        TableName: access.table,
        Key: docKey(key),
        UpdateExpression: `${SET_VALUE} ${REMOVE_TOMBSTONE}`,
        ...valueAttributes(json, {}, {}),
        ReturnValues: 'UPDATED_NEW',
      }),
    ),
  );
  return versionOf(access, key, result.Attributes);
}

/**
 * Deletes if the stored version is `expected`, or always with 'any'; absent is fine, as in
 * the other stores. The item stays as a tombstone holding its version (state-data.ts says
 * why) until the table's TTL removes it, TOMBSTONE_RETENTION_MS on.
 */
export async function deleteDoc(
  access: TableAccess,
  key: string,
  expected: number | 'any',
  now: number,
): Promise<void> {
  const live = 'attribute_exists(pk) AND attribute_not_exists(#deletedAt)';
  const result = await conditionally(access, 'UpdateItem', key, (client) =>
    client.send(
      new UpdateItemCommand({
        TableName: access.table,
        Key: docKey(key),
        UpdateExpression: 'SET #deletedAt = :now, #ttl = :ttl REMOVE #value, #writer',
        ConditionExpression: expected === 'any' ? live : `${live} AND #version = :expected`,
        ExpressionAttributeNames: {
          '#deletedAt': DELETED_AT,
          '#ttl': TTL_ATTRIBUTE,
          '#value': 'value',
          '#writer': 'writer',
          ...(expected !== 'any' && { '#version': 'version' }),
        },
        ExpressionAttributeValues: {
          ':now': { N: String(now) },
          ':ttl': { N: String(Math.ceil((now + TOMBSTONE_RETENTION_MS) / 1000)) },
          ...(expected !== 'any' && { ':expected': { N: String(expected) } }),
        },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    ),
  );
  // Absent, or deleted already: nothing to delete. Only another version is a conflict.
  if ('failed' in result && result.failed !== undefined && !isTombstone(result.failed))
    throw conflict('delete', key, expected, result.failed);
}

const DELETED_AT = 'deletedAt';
const SET_VALUE = 'SET #value = :value, #schema = :schema, #version = if_not_exists(#version, :zero) + :one';
const REMOVE_TOMBSTONE = 'REMOVE #deletedAt, #ttl';

function valueAttributes(
  json: string,
  names: Record<string, string>,
  values: Record<string, AttributeValue>,
) {
  return {
    ExpressionAttributeNames: {
      '#value': 'value',
      '#schema': 'schemaVersion',
      '#version': 'version',
      '#deletedAt': DELETED_AT,
      '#ttl': TTL_ATTRIBUTE,
      ...names,
    },
    ExpressionAttributeValues: {
      ':value': { S: json },
      ':schema': { N: String(SCHEMA_VERSION) },
      ':zero': { N: '0' },
      ':one': { N: '1' },
      ...values,
    },
  };
}

function isTombstone(item: Item): boolean {
  return item[DELETED_AT] !== undefined;
}

function versionOf(access: TableAccess, key: string, item: Item | undefined): number {
  const version = readVersion(item ?? {});
  if (version === undefined) {
    throw new StateError(`DynamoDB table "${access.table}": put "${key}" returned no version`);
  }
  return version;
}

function conflict(
  operation: 'put' | 'delete',
  key: string,
  expected: number | 'any',
  found: Item | undefined,
) {
  const version =
    found === undefined || isTombstone(found) ? '0' : String(readVersion(found) ?? 'an unreadable version');
  return new ConflictError(`${operation} "${key}": expected version ${expected}, found ${version}`);
}

/**
 * Runs a write with a condition. When the condition fails: the item that failed it.
 * DynamoDB returns it with the failure (none when absent); without one it is read once
 * more, since emulators such as dynalite do not return it.
 */
async function conditionally<T>(
  access: TableAccess,
  operation: 'PutItem' | 'UpdateItem',
  key: string,
  write: (client: DynamoDBClient) => Promise<T>,
): Promise<{ readonly written: T } | { readonly failed: Item | undefined }> {
  try {
    return { written: await access.call(operation, write) };
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    return { failed: error.Item ?? (await getItem(access, key)) };
  }
}

async function getItem(access: TableAccess, key: string): Promise<Item | undefined> {
  const result = await access.call('GetItem', (client) =>
    client.send(new GetItemCommand({ TableName: access.table, Key: docKey(key), ConsistentRead: true })),
  );
  return result.Item;
}
