import type { PoolPolicy } from '../core/types.js';
import type { Provider } from '../providers/provider.js';
import type { Source } from '../sources/source.js';

/** One configured pool with the backends built for it. */
export interface PoolRuntime {
  readonly policy: PoolPolicy;
  readonly source: Source;
  readonly provider: Provider;
}

/** Worker names of a pool start with this, so a pool never touches another's runners. */
export function workerPrefix(pool: PoolPolicy): string {
  return `${pool.name}-`;
}
