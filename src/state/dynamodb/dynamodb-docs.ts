/**
 * Documents in DynamoDB: one item per key, compare-and-set by a condition on its
 * `version` attribute. Arguments are checked by the store before these run.
 */
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
  await conditional(access, 'put', key, expected, (client) =>
    client.send(
      new PutItemCommand({
        TableName: access.table,
        Item: docItem(key, json, expected + 1),
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
  await conditional(access, 'delete', key, expected, (client) =>
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

/** Runs a write with a version condition; a failed condition becomes a ConflictError. */
async function conditional(
  access: TableAccess,
  operation: 'put' | 'delete',
  key: string,
  expected: number | 'any',
  write: (client: DynamoDBClient) => Promise<unknown>,
): Promise<void> {
  try {
    await access.call(operation === 'put' ? 'PutItem' : 'DeleteItem', write);
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const found = await foundVersion(access, key, error.Item);
    throw new ConflictError(`${operation} "${key}": expected version ${expected}, found ${found}`);
  }
}

/**
 * The version that made a condition fail, for the message only. DynamoDB returns the
 * item with the failure (none when absent); without one it is read once more, since
 * emulators such as dynalite do not return it.
 */
async function foundVersion(access: TableAccess, key: string, item: Item | undefined): Promise<string> {
  const describe = (found: Item | undefined): string =>
    found === undefined ? '0' : String(readVersion(found) ?? 'an unreadable version');
  if (item !== undefined) return describe(item);
  try {
    return describe(await getItem(access, key));
  } catch {
    return 'another version';
  }
}

async function getItem(access: TableAccess, key: string): Promise<Item | undefined> {
  const result = await access.call('GetItem', (client) =>
    client.send(new GetItemCommand({ TableName: access.table, Key: docKey(key), ConsistentRead: true })),
  );
  return result.Item;
}
