/**
 * Creating the state table (`ci-scaler state init --dynamodb TABLE`): partition key
 * `pk`, sort key `sk`, both strings, on-demand billing, and TTL on `ttl` so history of
 * pools that stopped appending goes away. Creating is idempotent: an existing table with
 * these keys is accepted as it is; one with other keys is refused, since the store would
 * fail on every call against it.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
  type AttributeDefinition,
  type DynamoDBClient,
  type KeySchemaElement,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { InputError, StateError } from '../../core/errors.js';
import { stateErrorOf } from './dynamodb-errors.js';
import { TTL_ATTRIBUTE } from './dynamodb-items.js';

const KEY_SCHEMA: KeySchemaElement[] = [
  { AttributeName: 'pk', KeyType: 'HASH' },
  { AttributeName: 'sk', KeyType: 'RANGE' },
];
const ATTRIBUTES: AttributeDefinition[] = [
  { AttributeName: 'pk', AttributeType: 'S' },
  { AttributeName: 'sk', AttributeType: 'S' },
];

export interface InitTableOptions {
  /** How long to wait for the table to become ACTIVE. Default 5 minutes. */
  readonly timeoutMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface InitTableResult {
  readonly created: boolean;
  /** `enabled`: turned on now; `kept`: it was on already; otherwise the attribute TTL is on instead. */
  readonly ttl: 'enabled' | 'kept' | { readonly otherAttribute: string };
}

export async function initTable(
  client: DynamoDBClient,
  table: string,
  options: InitTableOptions = {},
): Promise<InitTableResult> {
  const existing = await describeTable(client, table);
  let created = false;
  if (existing === undefined) {
    created = await createTable(client, table);
  } else {
    checkKeySchema(table, existing);
  }
  await waitActive(client, table, options);
  return { created, ttl: await ensureTtl(client, table) };
}

/** Keys as `name (HASH|RANGE, type)`, for comparing and for messages. */
function describeKeySchema(
  keys: readonly KeySchemaElement[],
  attributes: readonly AttributeDefinition[],
): string {
  const typeOf = (name: string | undefined): string =>
    attributes.find((a) => a.AttributeName === name)?.AttributeType ?? '?';
  return keys
    .map((k) => `${k.AttributeName ?? '?'} (${k.KeyType ?? '?'}, ${typeOf(k.AttributeName)})`)
    .join(', ');
}

function checkKeySchema(table: string, description: TableDescription): void {
  const keys = description.KeySchema ?? [];
  const attributes = description.AttributeDefinitions ?? [];
  if (describeKeySchema(keys, attributes) === describeKeySchema(KEY_SCHEMA, ATTRIBUTES)) return;
  throw new InputError(`DynamoDB table "${table}" exists with other keys`, [
    {
      path: 'KeySchema',
      message:
        `is ${describeKeySchema(keys, attributes) || 'empty'}; ci-scaler needs ` +
        `${describeKeySchema(KEY_SCHEMA, ATTRIBUTES)}: choose another table name`,
    },
  ]);
}

async function describeTable(client: DynamoDBClient, table: string): Promise<TableDescription | undefined> {
  try {
    const result = await client.send(new DescribeTableCommand({ TableName: table }));
    return result.Table;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw stateErrorOf(error, 'DescribeTable', table);
  }
}

/** True when this call created the table; false when another one did at the same time. */
async function createTable(client: DynamoDBClient, table: string): Promise<boolean> {
  try {
    await client.send(
      new CreateTableCommand({
        TableName: table,
        KeySchema: KEY_SCHEMA,
        AttributeDefinitions: ATTRIBUTES,
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    return true;
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw stateErrorOf(error, 'CreateTable', table);
    const raced = await describeTable(client, table);
    if (raced !== undefined) checkKeySchema(table, raced);
    return false;
  }
}

/** Polls with a growing delay: a new table takes seconds on AWS, milliseconds on an emulator. */
async function waitActive(client: DynamoDBClient, table: string, options: InitTableOptions): Promise<void> {
  const wait = options.sleep ?? ((ms: number) => sleep(ms));
  const timeoutMs = options.timeoutMs ?? 5 * 60_000;
  let waited = 0;
  for (let delay = 20; ; delay = Math.min(delay * 2, 2_000)) {
    // Just after CreateTable a describe may not see the table yet: that is still waiting.
    const status = (await describeTable(client, table))?.TableStatus;
    if (status === 'ACTIVE') return;
    if (status !== undefined && status !== 'CREATING' && status !== 'UPDATING') {
      throw new StateError(`DynamoDB table "${table}" is ${status}, not ACTIVE`);
    }
    if (waited >= timeoutMs) {
      throw new StateError(`DynamoDB table "${table}" is not ACTIVE after ${Math.round(waited / 1000)} s`);
    }
    await wait(delay);
    waited += delay;
  }
}

async function ensureTtl(client: DynamoDBClient, table: string): Promise<InitTableResult['ttl']> {
  try {
    const described = await client.send(new DescribeTimeToLiveCommand({ TableName: table }));
    const { TimeToLiveStatus: status, AttributeName: attribute } = described.TimeToLiveDescription ?? {};
    if (status === 'ENABLED' || status === 'ENABLING') {
      return attribute === TTL_ATTRIBUTE ? 'kept' : { otherAttribute: attribute ?? '?' };
    }
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: table,
        TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
      }),
    );
    return 'enabled';
  } catch (error) {
    throw stateErrorOf(error, 'UpdateTimeToLive', table);
  }
}
