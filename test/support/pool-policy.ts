import type { PoolPolicy } from '../../src/core/types.js';
import { policy } from '../unit/core/builders.js';

/** A plain ephemeral pool policy for provider tests; providers read only `name`. */
export function poolPolicy(name: string, overrides: Partial<PoolPolicy> = {}): PoolPolicy {
  return policy({ name, ...overrides });
}
