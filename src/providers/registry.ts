import { ConfigError } from '../core/errors.js';
import type { PoolPolicy } from '../core/types.js';
import type { ProviderConfig } from '../config/provider-schema.js';
import type { Logger } from '../telemetry/logger.js';
import type { Provider } from './provider.js';

/**
 * Small JSON values a provider keeps between reconciles (EC2 circuit breakers), in the
 * state store under the pool's name, so several processes and runs share them.
 */
export interface ProviderMemo {
  get(key: string): Promise<unknown>;
  /** Read-modify-write; retried when another process wrote in between. Returns what was stored. */
  update(key: string, change: (current: unknown) => unknown): Promise<unknown>;
}

export interface ProviderDeps {
  readonly logger: Logger;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly clock: () => number;
  /** The pool this provider serves (one provider per pool). */
  readonly pool: PoolPolicy;
  readonly memo: ProviderMemo;
}

/** Loads the backend for `config.type` on first use (dynamic import), so unused SDKs never load. */
export async function createProvider(
  config: ProviderConfig,
  deps: ProviderDeps,
  path: string,
): Promise<Provider> {
  switch (config.type) {
    case 'docker': {
      const { dockerProviderModule } = await import('./docker/index.js');
      return dockerProviderModule.create(config, deps);
    }
    case 'ec2': {
      const { ec2ProviderModule } = await import('./ec2/index.js');
      return ec2ProviderModule.create(config, deps);
    }
    case 'ecs': {
      const { ecsProviderModule } = await import('./ecs/index.js');
      return ecsProviderModule.create(config, deps);
    }
    case 'memory': {
      const { memoryProviderModule } = await import('./memory/memory-provider.js');
      return memoryProviderModule.create(config, deps);
    }
    default:
      throw new ConfigError([
        { path: `${path}.type`, message: `provider type "${config.type}" is not built yet in this release` },
      ]);
  }
}
