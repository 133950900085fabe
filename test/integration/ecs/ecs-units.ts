/** One pool of two ECS services (regular and spot) as the engine schedules it: a unit per service. */
import type { PoolPolicy } from '../../../src/core/types.js';
import type { PoolRuntime } from '../../../src/engine/pool-runtime.js';
import type { Source } from '../../../src/sources/source.js';
import { policy } from '../../unit/core/builders.js';
import { CLUSTER, REGULAR, SPOT, type EcsSetup } from '../../unit/providers/ecs/ecs-setup.js';

export const KINDS = { plan: 'spot', policy: 'spot', assessment: 'spot', apply: 'regular' };
export const MIN = 60_000;

export function unit(cls: string): PoolPolicy {
  return policy({
    name: `tfc-${cls}`,
    capacity: 'replica',
    capacityClass: cls,
    kinds: KINDS,
    max: 5,
    scaleDownAfterMs: 0,
    scaleDownCooldownMs: MIN,
  });
}

export function units(setup: EcsSetup, source: Source): PoolRuntime[] {
  return [
    { policy: unit('regular'), source, provider: setup.provider, service: REGULAR },
    { policy: unit('spot'), source, provider: setup.provider, service: SPOT },
  ];
}

/** The live task ids and the desired count of a service in the ECS fake. */
export const liveTasks = (setup: EcsSetup, service: string): string[] =>
  setup.fake.liveTasks(CLUSTER, service).map((t) => t.id);
export const desiredCount = (setup: EcsSetup, service: string): number =>
  setup.fake.service(CLUSTER, service).desiredCount;
