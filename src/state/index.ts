export type { Capability, ExpectedVersion, HistoryEntry, Lock, StateStore, Versioned } from './store.js';
export { CAPABILITIES } from './store.js';
export type {
  ActionsCacheStateConfig,
  DynamoDbStateConfig,
  FileStateConfig,
  MemoryStateConfig,
  StateStoreConfig,
  StateStoreType,
} from './state-config.js';
export type { StateStoreDeps } from './backend.js';
export { createStateStore, STATE_STORE_TYPES } from './registry.js';
