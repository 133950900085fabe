/**
 * Documents in DynamoDB: one item per key, compare-and-set by a condition on its
 * `version` attribute. Arguments are checked by the store before these run.
 */
import { randomUUID } from 'node:crypto';
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { ConflictError, StateError } from '../../core/errors.js';
import type { Versioned } from '../store.js';
import type { TableAccess } from './dynamodb-access.js';
import { docItem, docKey, readDoc, readVersion, SCHEMA_VERSION, type Item } from './dynamodb-items.js';

export async function getDoc(access: TableAccess, key: string): Promise<Versioned<unknown> | undefined> {
  const item = await getItem(access, key);
  return item === undefined ? undefined : readDoc(item, access.table);
}

/** Writes `json` if the stored version is `expected` (0: only if absent); gives the new version. */
export async function putDoc(
  access: TableAccess,
  key: string,
  json: string,
  expected: number,
): Promise<number> {
  const condition =
    expected === 0
      ? { ConditionExpression: 'attribute_not_exists(pk)' }
      : versionCondition('#version = :expected', expected);
  // The SDK retries a write whose answer was lost (a 500, a timeout) with the same
  // request, and that retry's condition fails against the write itself: the token tells
  // "this was my write" from another writer's.
  const writer = randomUUID();
  await conditional(access, 'put', key, expected, writer, (client) =>
    client.send(
      new PutItemCommand({
        TableName: access.table,
        Item: { ...docItem(key, json, expected + 1), writer: { S: writer } },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        ...condition,
      }),
    ),
  );
  return expected + 1;
}

/** 'any' still counts versions: an atomic increment, so racing plain writes each get their own. */
export async function putDocAnyVersion(access: TableAccess, key: string, json: string): Promise<number> {
  const result = await access.call('UpdateItem', (client) =>
    client.send(
      new UpdateItemCommand({
        TableName: access.table,
        Key: docKey(key),
        UpdateExpression:
          'SET #value = :value, #schema = :schema, #version = if_not_exists(#version, :zero) + :one',
        ExpressionAttributeNames: { '#value': 'value', '#schema': 'schemaVersion', '#version': 'version' },
        ExpressionAttributeValues: {
          ':value': { S: json },
          ':schema': { N: String(SCHEMA_VERSION) },
          ':zero': { N: '0' },
          ':one': { N: '1' },
        },
        ReturnValues: 'UPDATED_NEW',
      }),
    ),
  );
  const version = readVersion(result.Attributes ?? {});
  if (version === undefined) {
    throw new StateError(`DynamoDB table "${access.table}": put "${key}" returned no version`);
  }
  return version;
}

/** Deletes if the stored version is `expected`, or always with 'any'; absent is fine, as in the other stores. */
export async function deleteDoc(access: TableAccess, key: string, expected: number | 'any'): Promise<void> {
  const condition =
    expected === 'any' ? {} : versionCondition('attribute_not_exists(pk) OR #version = :expected', expected);
  await conditional(access, 'delete', key, expected, undefined, (client) =>
    client.send(
      new DeleteItemCommand({
        TableName: access.table,
        Key: docKey(key),
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        ...condition,
      }),
    ),
  );
}

function versionCondition(expression: string, expected: number) {
  return {
    ConditionExpression: expression,
    ExpressionAttributeNames: { '#version': 'version' },
    ExpressionAttributeValues: { ':expected': { N: String(expected) } },
  };
}

/**
 * Runs a write with a version condition; a failed condition becomes a ConflictError,
 * unless the item that failed it carries `writer`, this very write's token.
 */
async function conditional(
  access: TableAccess,
  operation: 'put' | 'delete',
  key: string,
  expected: number | 'any',
  writer: string | undefined,
  write: (client: DynamoDBClient) => Promise<unknown>,
): Promise<void> {
  try {
    await access.call(operation === 'put' ? 'PutItem' : 'DeleteItem', write);
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const found = await failingItem(access, key, error.Item);
    if (writer !== undefined && found.item?.['writer']?.S === writer) return;
    throw new ConflictError(`${operation} "${key}": expected version ${expected}, found ${found.version}`);
  }
}

/**
 * The item that made a condition fail, and its version for the message. DynamoDB returns
 * it with the failure (none when absent); without one it is read once more, since
 * emulators such as dynalite do not return it.
 */
async function failingItem(
  access: TableAccess,
  key: string,
  returned: Item | undefined,
): Promise<{ item?: Item; version: string }> {
  const describe = (item: Item | undefined) => ({
    ...(item !== undefined && { item }),
    version: item === undefined ? '0' : String(readVersion(item) ?? 'an unreadable version'),
  });
  if (returned !== undefined) return describe(returned);
  try {
    return describe(await getItem(access, key));
  } catch {
    return { version: 'another version' };
  }
}

async function getItem(access: TableAccess, key: string): Promise<Item | undefined> {
  const result = await access.call('GetItem', (client) =>
    client.send(new GetItemCommand({ TableName: access.table, Key: docKey(key), ConsistentRead: true })),
  );
  return result.Item;
}
