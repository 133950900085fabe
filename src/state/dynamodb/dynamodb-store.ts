/**
 * A state store in one DynamoDB table, for several servers or actions across runs
 * (../shared/ARCHITECTURE.md "State"; layout in dynamodb-items.ts). Every change is a
 * single conditional write, so instances on other machines never need to agree on
 * anything but the table: compare-and-set compares the `version` attribute, and a lock
 * is taken by a write that compares the stored `expiresAt` with this store's clock.
 * Locks never rely on TTL deletion, which DynamoDB does lazily, days late.
 */
import { randomBytes } from 'node:crypto';
import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { StateError } from '../../core/errors.js';
import type { Clock } from '../../core/types.js';
import type { StateBackend } from '../backend.js';
import { assertJsonValue } from '../json-value.js';
import type { DynamoDbStateConfig } from '../state-config.js';
import type { Capability, ExpectedVersion, HistoryEntry, Lock, StateStore, Versioned } from '../store.js';
import type { TableAccess } from './dynamodb-access.js';
import { checkLimit, checkName, checkTtl, checkVersion } from '../store-checks.js';
import { createDynamoDbClient, type Env } from './dynamodb-client.js';
import { deleteDoc, getDoc, putDoc, putDocAnyVersion } from './dynamodb-docs.js';
import { stateErrorOf } from './dynamodb-errors.js';
import { appendHistoryItem, listHistoryItems } from './dynamodb-history.js';
import { historyItem, historySk } from './dynamodb-items.js';
import { releaseLockItem, takeLockItem } from './dynamodb-locks.js';

export interface DynamoDbStoreOptions {
  readonly table: string;
  readonly clock: Clock;
  /** The client to use; the store creates one (and destroys it on close) when not given. */
  readonly client?: DynamoDBClient;
  readonly region?: string | undefined;
  readonly endpoint?: string | undefined;
  /** AWS_REGION, AWS_ENDPOINT_URL(_DYNAMODB), credentials; defaults to process.env. */
  readonly env?: Env;
  /** How long history items live after their append, for TTL cleanup. Default 30 days. */
  readonly historyTtlSeconds?: number;
  /** Tells this instance's history keys from another's; default random. */
  readonly instanceId?: string;
}

const ALL: ReadonlySet<Capability> = new Set<Capability>(['compare-and-set', 'locks', 'history']);
const THIRTY_DAYS_S = 30 * 24 * 3600;

export class DynamoDbStore implements StateStore {
  readonly type = 'dynamodb';
  readonly capabilities = ALL;
  readonly table: string;
  private readonly clock: Clock;
  private readonly client: DynamoDBClient;
  private readonly ownsClient: boolean;
  private readonly historyTtlSeconds: number;
  private readonly instanceId: string;
  private readonly access: TableAccess;
  private readonly inFlight = new Set<Promise<unknown>>();
  private historySeq = 0;
  private closed = false;

  constructor(options: DynamoDbStoreOptions) {
    this.table = options.table;
    this.clock = options.clock;
    this.ownsClient = options.client === undefined;
    this.client =
      options.client ??
      createDynamoDbClient({
        region: options.region,
        endpoint: options.endpoint,
        env: options.env ?? process.env,
      });
    this.historyTtlSeconds = options.historyTtlSeconds ?? THIRTY_DAYS_S;
    this.instanceId = options.instanceId ?? randomBytes(4).toString('hex');
    this.access = { table: this.table, call: (operation, run) => this.call(operation, run) };
  }

  get(key: string): Promise<Versioned<unknown> | undefined> {
    return this.run(() => {
      checkName('key', key);
      return getDoc(this.access, key);
    });
  }

  put(key: string, value: unknown, expectedVersion: ExpectedVersion): Promise<number> {
    return this.run(() => {
      assertJsonValue(value, 'value');
      checkName('key', key);
      checkVersion(expectedVersion);
      const json = JSON.stringify(value);
      return expectedVersion === 'any'
        ? putDocAnyVersion(this.access, key, json)
        : putDoc(this.access, key, json, expectedVersion);
    });
  }

  delete(key: string, expectedVersion: ExpectedVersion): Promise<void> {
    return this.run(() => {
      checkName('key', key);
      checkVersion(expectedVersion);
      return deleteDoc(this.access, key, expectedVersion, this.clock());
    });
  }

  lock(name: string, owner: string, ttlMs: number): Promise<Lock | undefined> {
    return this.run(() => {
      checkName('lock name', name);
      checkName('lock owner', owner);
      checkTtl(ttlMs);
      return takeLockItem(this.access, name, owner, this.clock(), ttlMs);
    });
  }

  release(name: string, owner: string): Promise<void> {
    return this.run(() => {
      checkName('lock name', name);
      checkName('lock owner', owner);
      return releaseLockItem(this.access, name, owner);
    });
  }

  appendHistory(entry: HistoryEntry, limit: number): Promise<void> {
    return this.run(() => {
      assertJsonValue(entry, 'history entry');
      checkName('history pool', entry.pool);
      checkLimit(limit);
      const now = this.clock();
      // Append order, not `entry.at`, sorts the items: the other stores keep append order too.
      const sk = historySk(now, this.historySeq++, this.instanceId);
      const ttl = Math.floor(now / 1000) + this.historyTtlSeconds;
      return appendHistoryItem(this.access, historyItem(entry, sk, ttl), entry.pool, limit);
    });
  }

  listHistory(pool: string, limit: number): Promise<readonly HistoryEntry[]> {
    return this.run(() => {
      checkLimit(limit);
      return listHistoryItems(this.access, pool, limit);
    });
  }

  /** Calls already made when close() is called still finish; later ones are refused. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([...this.inFlight]);
    if (this.ownsClient) this.client.destroy();
  }

  /** Sends through the client, mapping every failure but a failed condition to StateError. */
  private call<T>(operation: string, send: (client: DynamoDBClient) => Promise<T>): Promise<T> {
    return send(this.client).catch((error: unknown) => {
      if (error instanceof ConditionalCheckFailedException) throw error;
      throw stateErrorOf(error, operation, this.table);
    });
  }

  /**
   * Runs one store operation (it may send several requests), as a promise even when an
   * argument check throws, and keeps it until it settles so close() can wait for it.
   */
  private run<T>(operation: () => T | Promise<T>): Promise<T> {
    if (this.closed) {
      return Promise.reject(new StateError(`DynamoDB state store for table "${this.table}" is closed`));
    }
    const pending = Promise.resolve().then(operation);
    this.inFlight.add(pending);
    const forget = (): void => {
      this.inFlight.delete(pending);
    };
    pending.then(forget, forget);
    return pending;
  }
}

export function createDynamoDbStore(options: DynamoDbStoreOptions): DynamoDbStore {
  return new DynamoDbStore(options);
}

export const dynamodbBackend: StateBackend<DynamoDbStateConfig> = {
  type: 'dynamodb',
  create: (config, deps) => {
    // The config module has validated table, region and endpoint already.
    const { table, region, endpoint } = config;
    return new DynamoDbStore({ table, region, endpoint, clock: deps.clock, env: deps.env ?? process.env });
  },
};
