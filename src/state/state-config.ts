/**
 * The `state:` section of the config as the state registry needs it. The config module
 * validates the user's file and produces this shape; backends not built yet accept any
 * further keys so the config schema can grow without changing this type.
 */
export interface MemoryStateConfig {
  readonly type: 'memory';
}

export interface FileStateConfig {
  readonly type: 'file';
  /** Relative paths resolve against the runtime's working directory. */
  readonly path: string;
}

export interface DynamoDbStateConfig {
  readonly type: 'dynamodb';
  readonly [key: string]: unknown;
}

export interface ActionsCacheStateConfig {
  readonly type: 'actions-cache';
  /** First part of every cache key; default `ci-scaler`. */
  readonly prefix?: string;
}

export type StateStoreConfig =
  MemoryStateConfig | FileStateConfig | DynamoDbStateConfig | ActionsCacheStateConfig;

export type StateStoreType = StateStoreConfig['type'];
