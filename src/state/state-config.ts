/**
 * The `state:` section of the config as the state registry needs it. The config module
 * validates the user's file and produces this shape.
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
  readonly table: string;
  /** Default: the AWS environment. */
  readonly region?: string | undefined;
  /** Endpoint override (DynamoDB Local, dynalite). */
  readonly endpoint?: string | undefined;
}

export interface ActionsCacheStateConfig {
  readonly type: 'actions-cache';
  /** First part of every cache key; default `ci-scaler`. */
  readonly prefix?: string;
}

export type StateStoreConfig =
  MemoryStateConfig | FileStateConfig | DynamoDbStateConfig | ActionsCacheStateConfig;

export type StateStoreType = StateStoreConfig['type'];
