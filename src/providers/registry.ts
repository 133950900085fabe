import { ConfigError } from '../core/errors.js';
import type { PoolPolicy } from '../core/types.js';
import type { ProviderConfig } from '../config/provider-schema.js';
import type { Logger } from '../telemetry/logger.js';
import type { Provider, ProviderMemo } from './provider.js';

export type { ProviderMemo } from './provider.js';

export interface ProviderDeps {
  readonly logger: Logger;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly clock: () => number;
  /** The pool this provider serves (one provider per pool). */
  readonly pool: PoolPolicy;
  readonly memo: ProviderMemo;
}

/** The provider types this release can run; the config schema already names the others. */
export const BUILT_PROVIDER_TYPES: ReadonlySet<ProviderConfig['type']> = new Set([
  'docker',
  'ec2',
  'ecs',
  'memory',
]);

export const notBuiltMessage = (type: string): string =>
  `provider type "${type}" is not built yet in this release`;

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
      throw new ConfigError([{ path: `${path}.type`, message: notBuiltMessage(config.type) }]);
  }
}
