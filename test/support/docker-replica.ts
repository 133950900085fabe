/**
 * A Docker replica provider (`mode: replica`) on the shared test daemon, with the fake
 * agent image sleeping: what the replica tests build, with their own overrides.
 */
import type { DockerProviderConfig } from '../../src/config/docker-schema.js';
import type { PoolPolicy } from '../../src/core/types.js';
import { createDockerReplicaProvider } from '../../src/providers/docker/index.js';
import type { ProviderMemo, ReplicaProvider } from '../../src/providers/provider.js';
import { createMemoryStore } from '../../src/state/memory/memory-store.js';
import { storeMemo } from '../../src/engine/provider-memo.js';
import { silentLogger, type Logger } from '../../src/telemetry/logger.js';
import type { SharedDaemon } from './dockerd-share.js';

export function dockerReplicaConfig(
  daemon: SharedDaemon,
  overrides: Partial<DockerProviderConfig> = {},
): DockerProviderConfig {
  return {
    type: 'docker',
    mode: 'replica',
    image: daemon.image,
    env: { FAKE_RUNNER_MODE: 'sleep' },
    networkMode: 'host',
    stopTimeout: 5_000,
    ...overrides,
  };
}

export function dockerReplicaProvider(
  daemon: SharedDaemon,
  pool: PoolPolicy,
  options: {
    readonly config?: Partial<DockerProviderConfig>;
    readonly clock?: () => number;
    readonly logger?: Logger;
    readonly memo?: ProviderMemo;
    readonly suffix?: () => string;
  } = {},
): ReplicaProvider {
  const clock = options.clock ?? Date.now;
  return createDockerReplicaProvider(dockerReplicaConfig(daemon, options.config), {
    logger: options.logger ?? silentLogger,
    env: { DOCKER_HOST: daemon.host },
    clock,
    memo: options.memo ?? storeMemo(createMemoryStore({ clock }), pool.name),
    ...(options.suffix !== undefined && { suffix: options.suffix }),
  });
}
