/** An ECS provider over the ECS fake: two services of one pool in one cluster, on a clock the test drives. */
import type { EcsProviderConfig } from '../../../../src/config/ecs-schema.js';
import type { PoolPolicy } from '../../../../src/core/types.js';
import { ecsProviderModule } from '../../../../src/providers/ecs/index.js';
import type { ProviderMemo } from '../../../../src/providers/provider.js';
import type { ReplicaProvider } from '../../../../src/providers/provider.js';
import { EcsFake } from '../../../fakes/aws/ecs-fake.js';
import { captureLogger } from '../../../support/capture-logger.js';
import { poolPolicy } from '../../../support/pool-policy.js';

export const CLUSTER = 'ci-agents';
export const REGULAR = 'tfc-agents';
export const SPOT = 'tfc-agents-spot';
export const T0 = Date.parse('2026-11-22T10:00:00Z');
export const HOUR = 60 * 60_000;

export interface EcsSetup {
  readonly fake: EcsFake;
  readonly provider: ReplicaProvider;
  readonly pool: PoolPolicy;
  readonly config: EcsProviderConfig;
  readonly logger: ReturnType<typeof captureLogger>;
  now(): number;
  /** Moves the shared clock on. */
  advance(ms: number): void;
}

const noMemo: ProviderMemo = {
  get: () => Promise.resolve(undefined),
  update: (_key, change) => Promise.resolve(change(undefined)),
};

export function ecsSetup(overrides: Partial<EcsProviderConfig> = {}): EcsSetup {
  // Every reading moves time on by 1 ms, so tasks started one after the other have distinct createdAt.
  let t = T0;
  const clock = () => (t += 1);
  const fake = new EcsFake({ region: 'eu-west-1', clock });
  fake.addService(CLUSTER, REGULAR);
  fake.addService(CLUSTER, SPOT);
  const config: EcsProviderConfig = {
    type: 'ecs',
    region: 'eu-west-1',
    cluster: CLUSTER,
    services: [
      { name: REGULAR, class: 'regular' },
      { name: SPOT, class: 'spot' },
    ],
    protection: 2 * HOUR,
    requestTimeout: 10_000,
    ...overrides,
  };
  const pool = poolPolicy('tfc', { capacity: 'replica' });
  const logger = captureLogger();
  const provider = ecsProviderModule.create(config, { logger, env: {}, clock, pool, memo: noMemo });
  return {
    fake,
    provider,
    pool,
    config,
    logger,
    now: () => t,
    advance: (ms) => {
      t += ms;
    },
  };
}

/** Sets the service's count in the fake, settles, and returns its live task ids, oldest first. */
export function startTasks(setup: EcsSetup, service: string, n: number): string[] {
  setup.fake.service(CLUSTER, service).desiredCount = n;
  setup.fake.settle();
  return setup.fake.liveTasks(CLUSTER, service).map((task) => task.id);
}
