import type { TfcSourceConfig } from '../../config/source-schema.js';
import { clientKey } from '../client-key.js';
import type { SourceDeps, SourceModule } from '../registry.js';
import { TfcApi, type TfcApiDeps } from './api.js';
import { scopeKey } from './scope.js';
import { TfcSource } from './tfc-source.js';

export { RUNS_CACHE_MS } from './pool-runs.js';
export type { TfcApiDeps } from './api.js';

/** A source on its own client, with injected fetch, sleep and clock (tests, benches). */
export function createTfcSource(config: TfcSourceConfig, deps: TfcApiDeps): TfcSource {
  return new TfcSource(new TfcApi(config, deps));
}

/**
 * Pools of one scope and token share a client: one pool lookup, one runs cache, one
 * request count.
 */
function sharedApi(config: TfcSourceConfig, deps: SourceDeps): TfcApi {
  const key = clientKey(scopeKey(config), { token: config.token });
  const seen = deps.shared.get(key);
  if (seen instanceof TfcApi) return seen;
  const api = new TfcApi(config, { logger: deps.logger });
  deps.shared.set(key, api);
  return api;
}

export const tfcSourceModule = {
  type: 'tfc' as const,
  create(config: TfcSourceConfig, deps: SourceDeps): Promise<TfcSource> {
    return Promise.resolve(new TfcSource(sharedApi(config, deps)));
  },
} satisfies SourceModule<TfcSourceConfig>;
