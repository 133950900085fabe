/** A fake TFC on a simulated clock, and real TFC sources pointed at it. */
import type { TfcSourceConfig } from '../../../src/config/source-schema.js';
import { createTfcSource } from '../../../src/sources/tfc/index.js';
import type { TfcSource } from '../../../src/sources/tfc/tfc-source.js';
import type { Logger } from '../../../src/telemetry/logger.js';
import { captureLogger } from '../../support/capture-logger.js';
import { FakeTfc, type FakeTfcOptions } from '../../fakes/tfc/index.js';
import { T0 } from '../../unit/core/builders.js';

export const TOKEN = 'tfc-test-token';

export interface Harness {
  readonly tfc: FakeTfc;
  readonly poolId: string;
  /** Every wait the source asked for (429 backoff, retries); each also moves the clock. */
  readonly waits: number[];
  readonly logger: ReturnType<typeof captureLogger>;
  now(): number;
  advance(ms: number): void;
  config(extra?: Partial<TfcSourceConfig>): TfcSourceConfig;
  source(extra?: Partial<TfcSourceConfig>, deps?: { runsCacheMs?: number; logger?: Logger }): TfcSource;
  /** API requests the fake answered since the last `mark()`. */
  since(): number;
  mark(): void;
  stop(): Promise<void>;
}

export async function tfcHarness(options: Partial<FakeTfcOptions> = {}): Promise<Harness> {
  let now = T0;
  const clock = () => now;
  const tfc = new FakeTfc({ tokens: [TOKEN], organizations: ['acme'], clock, ...options });
  await tfc.start();
  const pool = tfc.createPool('acme', 'linux-agents');
  const waits: number[] = [];
  const logger = captureLogger();
  let marked = 0;
  const config = (extra: Partial<TfcSourceConfig> = {}): TfcSourceConfig => ({
    type: 'tfc',
    address: tfc.url,
    organization: 'acme',
    agentPool: 'linux-agents',
    token: TOKEN,
    ...extra,
  });
  return {
    tfc,
    poolId: pool.id,
    waits,
    logger,
    now: clock,
    advance: (ms) => {
      now += ms;
    },
    config,
    source: (extra, deps = {}) =>
      createTfcSource(config(extra), {
        logger: deps.logger ?? logger,
        clock,
        sleep: (ms) => {
          waits.push(ms);
          now += ms;
          return Promise.resolve();
        },
        ...(deps.runsCacheMs !== undefined && { runsCacheMs: deps.runsCacheMs }),
      }),
    since: () => tfc.requests.length - marked,
    mark: () => {
      marked = tfc.requests.length;
    },
    stop: () => tfc.stop(),
  };
}
