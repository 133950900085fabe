import type { SourceConfig } from '../config/source-schema.js';
import type { Logger } from '../telemetry/logger.js';
import type { Source } from './source.js';

export interface SourceDeps {
  readonly logger: Logger;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Per-build cache, so pools that share a scope share one client. */
  readonly shared: Map<string, unknown>;
}

/** What each source backend module exports: one object, loaded lazily by `type`. */
export interface SourceModule<C> {
  readonly type: string;
  create(config: C, deps: SourceDeps): Promise<Source>;
}

/** Loads the backend for `config.type` on first use, so unused SDKs never load. */
export async function createSource(config: SourceConfig, deps: SourceDeps, _path: string): Promise<Source> {
  switch (config.type) {
    case 'github': {
      const { githubSourceModule } = await import('./github/index.js');
      return githubSourceModule.create(config, deps);
    }
    case 'tfc': {
      const { tfcSourceModule } = await import('./tfc/index.js');
      return tfcSourceModule.create(config, deps);
    }
  }
}
