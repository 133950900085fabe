/**
 * The table layout and its item formats.
 *
 *     document  pk "doc#<key>"        sk "doc"               value (S, JSON), version (N)
 *     tombstone pk "doc#<key>"        sk "doc"               version (N), deletedAt (N, epoch ms), ttl
 *     lock      pk "lock#<name>"      sk "lock"              owner (S), expiresAt (N, epoch ms)
 *     history   pk "history#<pool>"   sk "<ISO>#<seq>#<id>"  entry (S, JSON), ttl (N, epoch s)
 *
 * Every item carries `schemaVersion`. Values are kept as JSON text rather than DynamoDB
 * maps: the text round trip gives back exactly what the other stores give back (key
 * order, any number a double holds), while maps do not keep key order and refuse numbers
 * beyond 1e125. An item we cannot read is an error naming it, never an absent one:
 * reading a broken binding as "none" would let a job be launched twice.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { StateError } from '../../core/errors.js';
import type { HistoryEntry, Versioned } from '../store.js';

export const SCHEMA_VERSION = 1;
export const TTL_ATTRIBUTE = 'ttl';

export type Item = Record<string, AttributeValue>;

/**
 * MIGRATIONS[n] turns a version-n item into version n+1. To change an item format, bump
 * SCHEMA_VERSION and add the step here; items of every older version stay readable.
 */
const MIGRATIONS: Readonly<Record<number, (item: Item) => Item>> = {};

export function docKey(key: string): Item {
  return { pk: { S: `doc#${key}` }, sk: { S: 'doc' } };
}

export function lockKey(name: string): Item {
  return { pk: { S: `lock#${name}` }, sk: { S: 'lock' } };
}

export function historyPk(pool: string): string {
  return `history#${pool}`;
}

/**
 * Sorts by append time, then by this instance's sequence number: entries appended in the
 * same millisecond keep their order, and the instance id keeps two writers from ever
 * producing the same key.
 */
export function historySk(now: number, seq: number, instanceId: string): string {
  return `${new Date(now).toISOString()}#${seq.toString().padStart(12, '0')}#${instanceId}`;
}

export function docItem(key: string, json: string, version: number): Item {
  return {
    ...docKey(key),
    value: { S: json },
    version: { N: String(version) },
    schemaVersion: { N: String(SCHEMA_VERSION) },
  };
}

export function lockItem(name: string, owner: string, expiresAt: number): Item {
  return {
    ...lockKey(name),
    owner: { S: owner },
    expiresAt: { N: String(expiresAt) },
    schemaVersion: { N: String(SCHEMA_VERSION) },
  };
}

export function historyItem(entry: HistoryEntry, sk: string, ttlEpochSeconds: number): Item {
  return {
    pk: { S: historyPk(entry.pool) },
    sk: { S: sk },
    entry: { S: JSON.stringify(entry) },
    [TTL_ATTRIBUTE]: { N: String(ttlEpochSeconds) },
    schemaVersion: { N: String(SCHEMA_VERSION) },
  };
}

export function readDoc(item: Item, table: string): Versioned<unknown> {
  const current = migrate(item, table);
  const version = readVersion(current);
  const text = current['value']?.S;
  if (version === undefined || text === undefined) throw corrupt(current, table, 'no value or version');
  return { value: parseJson(text, current, table), version };
}

/** The version of a document item, or undefined when it has none that makes sense. */
export function readVersion(item: Item): number | undefined {
  const text = item['version']?.N;
  const version = text === undefined ? Number.NaN : Number(text);
  return Number.isSafeInteger(version) && version >= 1 ? version : undefined;
}

export function readHistory(item: Item, pool: string, table: string): HistoryEntry {
  const current = migrate(item, table);
  const text = current['entry']?.S;
  if (text === undefined) throw corrupt(current, table, 'no entry');
  const entry = parseJson(text, current, table);
  // Fields beyond `pool` are not checked, as in the file store: history is for people to read.
  if (typeof entry !== 'object' || entry === null || (entry as { pool?: unknown }).pool !== pool) {
    throw corrupt(current, table, `entry is not a history entry of pool "${pool}"`);
  }
  return entry as HistoryEntry;
}

function migrate(item: Item, table: string): Item {
  const text = item['schemaVersion']?.N;
  let version = text === undefined ? Number.NaN : Number(text);
  if (!Number.isInteger(version) || version < 1) throw corrupt(item, table, 'no schemaVersion');
  if (version > SCHEMA_VERSION) {
    throw new StateError(
      `DynamoDB table "${table}": item ${describeKey(item)} has schemaVersion ${version}, ` +
        `written by a newer ci-scaler (this one reads up to ${SCHEMA_VERSION})`,
    );
  }
  let current = item;
  while (version < SCHEMA_VERSION) {
    const step = MIGRATIONS[version];
    if (step === undefined) throw corrupt(item, table, `no migration from schemaVersion ${version}`);
    current = step(current);
    version += 1;
  }
  return current;
}

function parseJson(text: string, item: Item, table: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new StateError(`DynamoDB table "${table}": item ${describeKey(item)} does not hold valid JSON`, {
      cause: error,
    });
  }
}

function corrupt(item: Item, table: string, what: string): StateError {
  return new StateError(`DynamoDB table "${table}": item ${describeKey(item)} is corrupt (${what})`);
}

function describeKey(item: Item): string {
  return `${JSON.stringify(item['pk']?.S ?? '?')} / ${JSON.stringify(item['sk']?.S ?? '?')}`;
}
