/**
 * What each state backend module exports: one object the registry loads lazily by
 * `type`, so a run that keeps state in a file never loads the AWS SDK.
 */
import type { Clock } from '../core/types.js';
import type { StateStoreConfig } from './state-config.js';
import type { StateStore } from './store.js';

export interface StateStoreDeps {
  readonly clock: Clock;
  /** Directory that relative paths resolve against; defaults to the process's. */
  readonly cwd?: string;
  /** The environment, for stores configured by it (the Actions cache); defaults to the process's. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export interface StateBackend<C extends StateStoreConfig = StateStoreConfig> {
  readonly type: C['type'];
  create(config: C, deps: StateStoreDeps): StateStore;
}
