import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe } from 'vitest';
import { UnsupportedError } from '../../../src/core/errors.js';
import { dynamodbBackend } from '../../../src/state/dynamodb/dynamodb-store.js';
import { createFileStore } from '../../../src/state/file/file-store.js';
import { createMemoryStore } from '../../../src/state/memory/memory-store.js';
import type { Capability, StateStore } from '../../../src/state/store.js';
import { defineStateStoreContract, type StateStoreFactory } from '../../contract/state-store-contract.js';
import { FAKE_AWS_ENV, startDynalite, type Dynalite } from '../../support/dynalite.js';
import { startCacheHarness } from './actions-cache-harness.js';

/**
 * A store that declares fewer capabilities than the one it wraps and refuses their
 * calls, the way actions-cache will: proves the contract's refusal branch runs.
 */
function withoutCapabilities(inner: StateStore, removed: readonly Capability[]): StateStore {
  const capabilities = new Set([...inner.capabilities].filter((c) => !removed.includes(c)));
  const guard = <T>(capability: Capability, call: () => Promise<T>): Promise<T> =>
    capabilities.has(capability)
      ? call()
      : Promise.reject(new UnsupportedError(`${inner.type} store without ${capability}`));
  return {
    type: inner.type,
    capabilities,
    get: (key) => inner.get(key),
    // Without compare-and-set only plain writes ('any') are allowed.
    put: (key, value, version) =>
      version === 'any'
        ? inner.put(key, value, version)
        : guard('compare-and-set', () => inner.put(key, value, version)),
    delete: (key, version) =>
      version === 'any'
        ? inner.delete(key, version)
        : guard('compare-and-set', () => inner.delete(key, version)),
    lock: (name, owner, ttl) => guard('locks', () => inner.lock(name, owner, ttl)),
    release: (name, owner) => guard('locks', () => inner.release(name, owner)),
    appendHistory: (entry, limit) => guard('history', () => inner.appendHistory(entry, limit)),
    listHistory: (pool, limit) => guard('history', () => inner.listHistory(pool, limit)),
    close: () => inner.close(),
  };
}

const memory: StateStoreFactory = (clock) => {
  const store = createMemoryStore({ clock });
  return Promise.resolve({ store, cleanup: () => store.close() });
};

const file: StateStoreFactory = async (clock) => {
  const dir = await mkdtemp(join(tmpdir(), 'ci-scaler-state-'));
  const store = createFileStore({ path: join(dir, 'nested', 'state.json'), clock });
  return {
    store,
    cleanup: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
};

/** A fresh fake cache service per test, driven through the real @actions/cache. */
const actionsCache: StateStoreFactory = async (clock) => {
  const harness = await startCacheHarness(clock);
  const store = harness.createStore();
  return {
    store,
    cleanup: async () => {
      await store.close();
      await harness.cleanup();
    },
  };
};

/**
 * One dynalite for the file, started by the first test that needs it, and a fresh table
 * per test. The store is made by the backend the registry loads, from a config and an
 * environment, as a server makes it.
 */
let dynalite: Promise<Dynalite> | undefined;
afterAll(async () => {
  await (await dynalite)?.close();
});
const dynamodb: StateStoreFactory = async (clock) => {
  dynalite ??= startDynalite();
  const server = await dynalite;
  const table = await server.createStateTable();
  const store = dynamodbBackend.create(
    { type: 'dynamodb', table, endpoint: server.endpoint },
    { clock, env: FAKE_AWS_ENV },
  );
  return { store, cleanup: () => store.close() };
};

const without =
  (removed: readonly Capability[]): StateStoreFactory =>
  async (clock) => {
    const { store, cleanup } = await memory(clock);
    return { store: withoutCapabilities(store, removed), cleanup };
  };

const PROVIDERS: readonly { name: string; factory: StateStoreFactory }[] = [
  { name: 'memory', factory: memory },
  { name: 'file', factory: file },
  { name: 'actions-cache', factory: actionsCache },
  { name: 'dynamodb', factory: dynamodb },
  { name: 'memory without compare-and-set and locks', factory: without(['compare-and-set', 'locks']) },
  { name: 'memory without history', factory: without(['history']) },
];

describe.each(PROVIDERS)('$name', ({ name, factory }) => {
  defineStateStoreContract(name, factory);
});
