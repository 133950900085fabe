/** One entry of `pools:` — a source, a provider and the policy that joins them. */
import * as z from 'zod';
import type { Mode, VictimOrder } from '../core/types.js';
import { asNumber, withChecks, type Fields, type Report } from './cross-checks.js';
import { workerClasses } from './capacity-classes.js';
import { durationAtLeast, durationSchema, formatDuration } from './duration.js';
import { count, nonEmptyString } from './fields.js';
import { POLICY_NAMES, PRESETS } from './presets.js';
import { providerSchema, type ProviderConfig } from './provider-schema.js';
import { simulationSchema } from './simulation-schema.js';
import { sourceSchema } from './source-schema.js';

export const MODES = ['enabled', 'disabled', 'manual'] as const satisfies readonly Mode[];
export const VICTIM_ORDERS = ['oldest', 'newest'] as const satisfies readonly VictimOrder[];

/** The name becomes part of runner and container names (`<pool>-<job id>-<attempt>`). */
const poolName = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, {
  error:
    'must be 1-40 lowercase letters, digits or "-", starting with a letter or digit (it is part of worker names)',
});

const slotsSchema = withChecks(
  z.strictObject({
    perWorker: z.int().min(1).default(1).describe('Slots one worker offers (jobs it can run at once).'),
    perJob: z
      .record(z.string().min(1), z.int().min(1))
      .default({})
      .describe('Slots a job of this kind takes (e.g. { plan: 1, apply: 2 }); default 1.'),
  }),
  (fields, report) => {
    const perWorker = asNumber(fields.get('perWorker'));
    const perJob = fields.get('perJob');
    if (perWorker === undefined || typeof perJob !== 'object' || perJob === null) return;
    for (const [kind, slots] of Object.entries(perJob)) {
      if (typeof slots === 'number' && slots > perWorker) {
        report(['perJob', kind], `needs ${slots} slots but a worker has ${perWorker} (slots.perWorker)`);
      }
    }
  },
).describe('Capacity: slots per worker and per job kind.');

const poolObject = z.strictObject({
  name: poolName.describe(
    'Pool name: 1-40 of a-z, 0-9 and "-"; part of worker names, so no pool name may start with another one and a dash.',
  ),
  source: sourceSchema,
  provider: providerSchema,
  min: count.default(0).describe('Fewest workers to keep, even with no demand.'),
  max: count.default(10).describe('Most workers at once.'),
  warm: count.default(0).describe('Idle workers to keep above demand (within min and max).'),
  priority: z
    .int()
    .default(0)
    .describe(
      'When several pools match a job, the lowest priority serves it first; a job that finds that pool at `max` goes to the next (events and reconciles alike).',
    ),
  policy: z
    .enum(POLICY_NAMES)
    .default('balanced')
    .describe('Preset for scaleDown: conservative (10m/5m), balanced (5m/2m), aggressive (2m/30s).'),
  scaleUp: z
    .strictObject({
      after: durationSchema
        .prefault('0s')
        .describe(
          'How long demand must persist before launching. `serve` (and the simulator) reconcile the pool when it falls due; the Action launches at its first run after that (the next event or schedule).',
        ),
    })
    .prefault({})
    .describe('Scale-up timing.'),
  scaleDown: z
    .strictObject({
      cooldown: durationSchema
        .optional()
        .describe('Time since the last scale event before a scale-in (preset).'),
      after: durationSchema
        .optional()
        .describe('How long capacity must stay above desired before a scale-in (preset).'),
    })
    .prefault({})
    .describe('Scale-in timing; keys left out come from the policy preset.'),
  bootTimeout: durationAtLeast(1)
    .prefault('10m')
    .describe('A worker not registered after this long is failed.'),
  maxLifetime: durationAtLeast(1)
    .prefault('24h')
    .describe(
      'Idle or booting workers older than this are replaced; idle ones one per full reconcile, oldest first.',
    ),
  interval: durationAtLeast(1_000).prefault('30s').describe('Time between full reconciles of this pool.'),
  slots: slotsSchema.prefault({}),
  mode: z
    .enum(MODES)
    .default('enabled')
    .describe('enabled: automatic; disabled: observe only; manual: keep manualTarget workers.'),
  manualTarget: count.optional().describe('Workers to keep in manual mode (required then, at most max).'),
  victimOrder: z.enum(VICTIM_ORDERS).default('oldest').describe('Which idle workers go first on scale-in.'),
  maxAttempts: z
    .int()
    .min(1)
    .default(3)
    .describe('Launches for one job before it is reported instead of retried.'),
  kinds: z
    .record(nonEmptyString, nonEmptyString)
    .default({})
    .describe(
      'Job kind -> capacity class of a provider service, e.g. { plan: spot, apply: regular }; ' +
        'unlisted kinds go to regular.',
    ),
  simulation: simulationSchema.prefault({}),
});

/** Every class `kinds` names must be a class of one of the provider's services. */
function checkKinds(fields: Fields, report: Report): void {
  const kinds = fields.get('kinds');
  if (typeof kinds !== 'object' || kinds === null) return;
  const entries = Object.entries(kinds as Record<string, unknown>);
  if (entries.length === 0) return;
  const provider = fields.get('provider') as ProviderConfig | undefined;
  if (provider === undefined) return;
  if (provider.type !== 'ecs') {
    report(['kinds'], `provider type ${provider.type} has no capacity classes (only ecs services do)`);
    return;
  }
  const classes = workerClasses(provider);
  for (const [kind, cls] of entries) {
    if (typeof cls === 'string' && !classes.includes(cls))
      report(['kinds', kind], `no service of class "${cls}" (classes: ${classes.join(', ')})`);
  }
}

/** A price per class names exactly the classes the pool's provider starts workers in. */
function checkPrices(fields: Fields, report: Report): void {
  const price = (fields.get('simulation') as { pricePerHour?: unknown } | undefined)?.pricePerHour;
  const provider = fields.get('provider') as ProviderConfig | undefined;
  if (typeof price !== 'object' || price === null || provider === undefined) return;
  const classes = workerClasses(provider);
  const named = Object.keys(price);
  const where = ['simulation', 'pricePerHour'];
  for (const cls of classes.filter((c) => !named.includes(c)))
    report(where, `no price for class "${cls}" (this pool's workers are ${classes.join(', ')})`);
  for (const key of named.filter((k) => !classes.includes(k)))
    report([...where, key], `not a class of this pool's workers (${classes.join(', ')})`);
}

function checkPool(fields: Fields, report: Report): void {
  checkKinds(fields, report);
  checkPrices(fields, report);
  const min = asNumber(fields.get('min'));
  const max = asNumber(fields.get('max'));
  const warm = asNumber(fields.get('warm'));
  const manualTarget = asNumber(fields.get('manualTarget'));
  if (min !== undefined && max !== undefined && max < min) report(['max'], `must be >= min (${min})`);
  if (warm !== undefined && max !== undefined && warm > max) report(['warm'], `must be <= max (${max})`);
  if (fields.get('mode') === 'manual' && !fields.given('manualTarget')) {
    report(['manualTarget'], 'required when mode is manual');
  }
  if (manualTarget !== undefined && max !== undefined && manualTarget > max) {
    report(['manualTarget'], `must be <= max (${max})`);
  }
  const bootTimeout = asNumber(fields.get('bootTimeout'));
  const maxLifetime = asNumber(fields.get('maxLifetime'));
  if (bootTimeout !== undefined && maxLifetime !== undefined && maxLifetime <= bootTimeout) {
    report(['maxLifetime'], `must be longer than bootTimeout (${formatDuration(bootTimeout)})`);
  }
}

type PoolObject = z.output<typeof poolObject>;

/** Fills `scaleDown` from the preset, key by key, so explicit values always win. */
function resolvePreset(pool: PoolObject) {
  const preset = PRESETS[pool.policy];
  return {
    ...pool,
    scaleDown: {
      cooldown: pool.scaleDown.cooldown ?? preset.scaleDownCooldownMs,
      after: pool.scaleDown.after ?? preset.scaleDownAfterMs,
    },
  };
}

export const poolSchema = withChecks(poolObject, checkPool).transform(resolvePreset);

/** A validated pool: defaults and preset applied, durations in milliseconds. */
export type PoolConfig = z.output<typeof poolSchema>;
