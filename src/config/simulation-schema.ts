/** A pool's `simulation:` block: how `ci-scaler simulate` models its provider. */
import * as z from 'zod';
import { durationAtLeast } from './duration.js';

const share = z.number().min(0).max(1);

const bootSchema = z
  .union([
    durationAtLeast(1).describe('Every boot takes this long.'),
    z.strictObject({
      median: durationAtLeast(1).describe('Median boot time.'),
      p95: durationAtLeast(1).describe('95th percentile boot time (at least the median).'),
    }),
  ])
  .describe('Boot time of a worker, from launch to registered: a duration, or { median, p95 } (lognormal).');

export const simulationSchema = z
  .strictObject({
    boot: bootSchema.prefault('40s'),
    failAtBoot: share.default(0).describe('Share of launches that crash before registering (0..1).'),
    spotInterruptionsPerHour: z
      .number()
      .min(0)
      .default(0)
      .describe('Rate at which a running worker is taken away (spot capacity), per worker-hour.'),
    pricePerHour: z
      .union([z.number().min(0), z.record(z.string(), z.number().min(0))])
      .default(0.1)
      .describe(
        'Price of one worker-hour, in any currency; or one price per capacity class of the ' +
          'pool, e.g. { spot: 0.03, on-demand: 0.10 } (EC2), one key per ECS service class.',
      ),
  })
  .refine((s) => typeof s.boot === 'number' || s.boot.p95 >= s.boot.median, {
    message: 'must be at least boot.median',
    path: ['boot', 'p95'],
  })
  .describe("How `ci-scaler simulate` models this pool's provider; ignored by every other command.");

export type SimulationConfig = z.output<typeof simulationSchema>;
