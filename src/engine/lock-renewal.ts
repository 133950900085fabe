import { errorMessage } from '../core/errors.js';
import type { StateStore } from '../state/store.js';
import type { Logger } from '../telemetry/logger.js';

/**
 * Keeps a pool lock while its reconcile runs, renewing it every third of its TTL. A
 * reconcile can outlast the TTL (removals one after another, each waiting up to a
 * provider's stop timeout); a lapsed lock would let another process reconcile the pool
 * at the same time. The returned stop ends the renewals and waits for one in flight, so
 * none can take the lock again after its release.
 */
export function keepLock(
  store: StateStore,
  name: string,
  owner: string,
  ttlMs: number,
  logger: Logger,
): () => Promise<void> {
  let inFlight: Promise<void> = Promise.resolve();
  const renew = (): void => {
    inFlight = store.lock(name, owner, ttlMs).then(
      (lock) => {
        if (lock === undefined) logger.warn(`lock ${name} was taken by another process during a reconcile`);
      },
      (err: unknown) => {
        logger.warn(`renewing lock ${name} failed: ${errorMessage(err)}`);
      },
    );
  };
  const timer = setInterval(renew, Math.max(1, Math.floor(ttlMs / 3)));
  timer.unref();
  return async () => {
    clearInterval(timer);
    await inFlight;
  };
}
