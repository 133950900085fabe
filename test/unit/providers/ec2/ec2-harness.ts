/** One EC2 provider over a fresh fake, with a hand-driven clock, a memo and a log that keeps every record. */
import type { PoolPolicy } from '../../../../src/core/types.js';
import { createEc2Provider, type Ec2Provider } from '../../../../src/providers/ec2/index.js';
import type { LaunchSpec } from '../../../../src/providers/provider.js';
import { Ec2Fake, FAKE_SUBNETS, type Ec2FakeOptions } from '../../../fakes/aws/ec2-fake.js';
import { ec2Config, ec2Deps, memoryMemo, type Ec2ConfigInput } from '../../../fakes/aws/ec2-test-deps.js';
import { captureLogger } from '../../../support/capture-logger.js';
import { poolPolicy } from '../../../support/pool-policy.js';

export const T0 = Date.parse('2026-11-22T10:00:00Z');
export const MIN = 60_000;

export interface ManualClock {
  now: number;
  advance(ms: number): void;
}

export function manualClock(start = T0): ManualClock {
  const clock = {
    now: start,
    advance(ms: number) {
      clock.now += ms;
    },
  };
  return clock;
}

export const SUBNET_IDS = FAKE_SUBNETS.map((s) => s.id);

export interface Harness {
  readonly fake: Ec2Fake;
  readonly provider: Ec2Provider;
  readonly clock: ManualClock;
  readonly memo: ReturnType<typeof memoryMemo>;
  readonly logger: ReturnType<typeof captureLogger>;
  readonly pool: PoolPolicy;
  readonly otherPool: PoolPolicy;
  /** Launches `<pool>-<job>-1` in the pool, with a runner env. */
  launch(job: string, extra?: Partial<LaunchSpec>): ReturnType<Ec2Provider['launch']>;
  spec(job: string, extra?: Partial<LaunchSpec>): LaunchSpec;
}

export const RUNNER_ENV = { ACTIONS_RUNNER_INPUT_JITCONFIG: 'jit-config-of-the-test' };

/** Defaults: two types (m7g.large before c7g.large) in the fake's three subnets, spot preferred. */
export function harness(options: { config?: Ec2ConfigInput; fake?: Ec2FakeOptions } = {}): Harness {
  const clock = manualClock();
  const fake = new Ec2Fake({ clock: () => clock.now, ...options.fake });
  const memo = memoryMemo();
  const logger = captureLogger();
  const config = ec2Config({
    instanceTypes: ['m7g.large', 'c7g.large'],
    subnets: SUBNET_IDS,
    ...options.config,
  });
  const provider = createEc2Provider(
    config,
    ec2Deps({ clock: () => clock.now, memo, logger, pool: 'linux' }),
  );
  const pool = poolPolicy('linux');
  const spec = (job: string, extra: Partial<LaunchSpec> = {}): LaunchSpec => ({
    pool: pool.name,
    name: `${pool.name}-${job}-1`,
    jobId: job,
    env: RUNNER_ENV,
    ...extra,
  });
  return {
    fake,
    provider,
    clock,
    memo,
    logger,
    pool,
    otherPool: poolPolicy('other'),
    spec,
    launch: (job, extra) => provider.launch(spec(job, extra)),
  };
}
