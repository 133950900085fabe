import { errorMessage } from '../core/errors.js';
import type { Machine, ProviderCircuit } from '../providers/provider.js';
import type { Logger } from '../telemetry/logger.js';
import { ephemeralOf, type PoolRuntime } from './pool-runtime.js';

/**
 * The provider's own upkeep after a reconcile (EC2: SSM parameters of booted workers) and
 * its circuit breakers for status and metrics. Upkeep that fails is logged and fails no
 * reconcile: the next one tries again.
 */
export async function providerUpkeep(
  runtime: PoolRuntime,
  machines: readonly Machine[],
  logger: Logger,
): Promise<readonly ProviderCircuit[] | undefined> {
  const provider = ephemeralOf(runtime);
  if (provider === undefined) return undefined;
  try {
    await provider.housekeep?.(runtime.policy, machines);
    return (await provider.status?.(runtime.policy))?.circuits;
  } catch (err) {
    const pool = runtime.policy.name;
    logger.warn(`provider upkeep of ${pool} failed: ${errorMessage(err)}`, { pool });
    return undefined;
  }
}
