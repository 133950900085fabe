import { ConflictError } from '../core/errors.js';
import type { ProviderMemo } from '../providers/provider.js';
import type { StateStore } from '../state/store.js';

/** Writers that lose a compare-and-set read again; a few rounds settle any real contention. */
const MAX_ROUNDS = 5;

export function providerMemoKey(pool: string, key: string): string {
  return `provider/${pool}/${key}`;
}

/**
 * A provider's small memory in the state store, under the pool's name. With
 * compare-and-set, updates are read-modify-write loops, so two processes that both count
 * capacity errors lose neither count.
 */
export function storeMemo(store: StateStore, pool: string): ProviderMemo {
  const cas = store.capabilities.has('compare-and-set');
  return {
    async get(key) {
      return (await store.get(providerMemoKey(pool, key)))?.value;
    },
    async update(key, change) {
      const full = providerMemoKey(pool, key);
      for (let round = 1; ; round++) {
        const current = await store.get(full);
        const next = change(current?.value);
        try {
          await store.put(full, next, cas ? (current?.version ?? 0) : 'any');
          return next;
        } catch (err) {
          if (!(err instanceof ConflictError) || round >= MAX_ROUNDS) throw err;
        }
      }
    },
  };
}
