/**
 * Creates the configured state store. Backends load lazily with import(), so a run
 * pays only for the store it uses (the DynamoDB one pulls in the AWS SDK).
 */
import { UnsupportedError } from '../core/errors.js';
import type { StateBackend, StateStoreDeps } from './backend.js';
import type { StateStoreConfig, StateStoreType } from './state-config.js';
import type { StateStore } from './store.js';

type Loader<T extends StateStoreType> = () => Promise<StateBackend<Extract<StateStoreConfig, { type: T }>>>;

const BACKENDS: { readonly [T in StateStoreType]: Loader<T> } = {
  memory: async () => (await import('./memory/memory-store.js')).memoryBackend,
  file: async () => (await import('./file/file-store.js')).fileBackend,
  dynamodb: async () => (await import('./dynamodb/dynamodb-store.js')).dynamodbBackend,
  'actions-cache': async () => (await import('./actions-cache/actions-cache-store.js')).actionsCacheBackend,
};

/** The state types this build knows, whether or not they are built yet. */
export const STATE_STORE_TYPES = Object.keys(BACKENDS) as readonly StateStoreType[];

export async function createStateStore(config: StateStoreConfig, deps: StateStoreDeps): Promise<StateStore> {
  // Checked at run time too: the config may come from a file that a newer release wrote.
  const load: (() => Promise<unknown>) | undefined = Object.hasOwn(BACKENDS, config.type)
    ? BACKENDS[config.type]
    : undefined;
  if (load === undefined) {
    throw new UnsupportedError(
      `unknown state type ${JSON.stringify(config.type)}; known: ${STATE_STORE_TYPES.join(', ')}`,
    );
  }
  // BACKENDS pairs each type with its own backend, so this one accepts this config.
  const backend = (await load()) as StateBackend;
  return backend.create(config, deps);
}
