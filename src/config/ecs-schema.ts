/** `provider: { type: ecs }` — replica services of agents, one or more per pool (capacity classes). */
import * as z from 'zod';
import { MIN_PROTECTION_MS } from '../core/scale-in-guard.js';
import { withChecks } from './cross-checks.js';
import { durationAtLeast, durationSchema } from './duration.js';
import { awsRegion, awsRequestTimeout, count, nonEmptyString } from './fields.js';

/** The class jobs go to when the pool's `kinds` does not name theirs. */
export const DEFAULT_CAPACITY_CLASS = 'regular';

const className = z.string().regex(/^[a-z0-9][a-z0-9-]{0,19}$/, {
  error: 'must be 1-20 lowercase letters, digits or "-" (it becomes part of the pool name in status)',
});

const serviceSchema = z.strictObject({
  name: nonEmptyString.describe('ECS service name or ARN.'),
  class: className.default(DEFAULT_CAPACITY_CLASS).describe('Capacity class, e.g. regular or spot.'),
  min: count.optional().describe("Fewest tasks of this service; default: the pool's min."),
  max: count.optional().describe("Most tasks of this service; default: the pool's max."),
  scaleDown: z
    .strictObject({
      cooldown: durationSchema
        .optional()
        .describe("Overrides the pool's scaleDown.cooldown for this service."),
      after: durationSchema.optional().describe("Overrides the pool's scaleDown.after for this service."),
    })
    .optional()
    .describe('Scale-in timing of this service (default: the pool).'),
});

export const ecsProviderSchema = withChecks(
  z.strictObject({
    type: z.literal('ecs').describe('Amazon ECS: services whose desired counts are the number of agents.'),
    region: awsRegion.describe('AWS region, e.g. eu-west-1.'),
    endpoint: z.url().optional().describe('ECS API endpoint to use instead of the regional one.'),
    requestTimeout: awsRequestTimeout('ECS'),
    cluster: nonEmptyString.describe('Cluster name or ARN.'),
    services: z
      .array(serviceSchema)
      .min(1)
      .describe('Services of agents, each with a capacity class; jobs reach them by the pool `kinds`.'),
    // Shorter protection ends inside the margin of the check before a lower count, so a busy
    // task would hold every scale-in (scale-in-guard.ts).
    protection: durationAtLeast(MIN_PROTECTION_MS)
      .prefault('2h')
      .describe('Task scale-in protection period, at least 2m; refreshed while a task stays busy (max 48h).'),
  }),
  (fields, report) => {
    const services = fields.get('services');
    if (!Array.isArray(services)) return;
    const seen = new Set<string>();
    const names = new Map<string, number>();
    for (const [i, s] of services.entries()) {
      const {
        class: cls,
        name,
        min,
        max,
      } = s as { class?: unknown; name?: unknown; min?: unknown; max?: unknown };
      // Two units setting their own count on one service would undo each other's.
      if (typeof name === 'string') {
        const first = names.get(name);
        if (first !== undefined)
          report(['services', i, 'name'], `service "${name}" is also services[${first}]`);
        else names.set(name, i);
      }
      if (typeof min === 'number' && typeof max === 'number' && max < min)
        report(['services', i, 'max'], `must be at least min (${min})`);
      if (typeof cls !== 'string') continue;
      if (seen.has(cls)) report(['services', i, 'class'], `class "${cls}" is used by another service`);
      seen.add(cls);
    }
    if (services.length > 1 && !seen.has(DEFAULT_CAPACITY_CLASS)) {
      report(
        ['services'],
        `one service must have class "${DEFAULT_CAPACITY_CLASS}" (jobs of unlisted kinds go there)`,
      );
    }
    const protection = fields.get('protection');
    if (typeof protection === 'number' && protection > 2880 * 60_000) {
      report(['protection'], 'must be at most 48h (ECS allows 2880 minutes)');
    }
  },
);

export type EcsProviderConfig = z.output<typeof ecsProviderSchema>;
export type EcsServiceConfig = EcsProviderConfig['services'][number];
