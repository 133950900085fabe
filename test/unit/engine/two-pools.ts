/**
 * An engine over two pools of one in-memory CI: `linux`, and `large` (priority 1), whose
 * labels cover linux jobs too, so a linux job may run on a large runner or overflow there.
 */
import type { PoolPolicy } from '../../../src/core/types.js';
import { Engine } from '../../../src/engine/engine.js';
import { createMemoryStore } from '../../../src/state/memory/memory-store.js';
import type { StateStore } from '../../../src/state/store.js';
import { silentLogger } from '../../../src/telemetry/logger.js';
import { FakeCi, FakeHost } from '../../fakes/memory-ci.js';
import { policy, T0 } from '../core/builders.js';

export const LINUX = ['self-hosted', 'linux'];

export interface TwoPools {
  /** The clock every part reads; starts at T0. */
  readonly clock: () => number;
  readonly advance: (ms: number) => void;
  readonly ci: FakeCi;
  readonly linuxHost: FakeHost;
  readonly largeHost: FakeHost;
  readonly store: StateStore;
  /** A new engine over the fixture's CI, hosts and store (a restarted process sees the same state). */
  engine(linux?: Partial<PoolPolicy>, large?: Partial<PoolPolicy>): Engine;
}

export function twoPools(): TwoPools {
  let now = T0;
  const clock = (): number => now;
  const advance = (ms: number): void => {
    now += ms;
  };
  const ci = new FakeCi();
  const linuxHost = new FakeHost(clock);
  const largeHost = new FakeHost(clock);
  const store = createMemoryStore({ clock });
  const engine = (linux: Partial<PoolPolicy> = {}, large: Partial<PoolPolicy> = {}): Engine =>
    new Engine({
      pools: [
        { policy: policy({ name: 'linux', labels: LINUX, ...linux }), source: ci, provider: linuxHost },
        {
          policy: policy({ name: 'large', labels: [...LINUX, 'large'], priority: 1, ...large }),
          source: ci,
          provider: largeHost,
        },
      ],
      store,
      clock,
      owner: 'test',
      logger: silentLogger,
    });
  return { clock, advance, ci, linuxHost, largeHost, store, engine };
}
