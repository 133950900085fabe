/** An engine over one `linux` pool of the in-memory CI and host fakes, on a clock the test drives. */
import type { PoolPolicy } from '../../../src/core/types.js';
import { Engine } from '../../../src/engine/engine.js';
import type { EphemeralProvider } from '../../../src/providers/provider.js';
import type { Source } from '../../../src/sources/source.js';
import type { StateStore } from '../../../src/state/store.js';
import { silentLogger } from '../../../src/telemetry/logger.js';
import { policy } from '../core/builders.js';

export interface OnePool {
  readonly source: Source;
  readonly provider: EphemeralProvider;
  readonly store: StateStore;
  readonly clock: () => number;
}

export function onePoolEngine(parts: OnePool, overrides: Partial<PoolPolicy> = {}): Engine {
  const pool = policy({ name: 'linux', labels: ['self-hosted', 'linux'], ...overrides });
  return new Engine({
    pools: [{ policy: pool, source: parts.source, provider: parts.provider }],
    store: parts.store,
    clock: parts.clock,
    owner: 'test',
    logger: silentLogger,
  });
}
