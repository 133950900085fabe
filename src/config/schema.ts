/** The whole config document (ARCHITECTURE.md "Configuration"). */
import * as z from 'zod';
import { poolSchema } from './pool-schema.js';
import { serverSchema } from './server-schema.js';
import { stateSchema } from './state-schema.js';

/** Indexes of pools whose name cannot be trusted: the name, or the whole entry, failed. */
function badNameIndexes(issues: readonly z.core.$ZodRawIssue[]): Set<number> {
  const bad = new Set<number>();
  for (const issue of issues) {
    const [index, key] = issue.path ?? [];
    const wholeEntry = key === undefined && issue.code !== 'unrecognized_keys';
    if (typeof index === 'number' && (wholeEntry || key === 'name')) bad.add(index);
  }
  return bad;
}

function nameOf(pool: unknown): string | undefined {
  return typeof pool === 'object' && pool !== null && 'name' in pool && typeof pool.name === 'string'
    ? pool.name
    : undefined;
}

/** The pool's name, and the `<pool>-<class>` names its services are scheduled under (unitNames). */
function namesOf(pool: unknown): string[] {
  const name = nameOf(pool);
  if (name === undefined) return [];
  const provider = (pool as { provider?: { services?: unknown } }).provider;
  const services = Array.isArray(provider?.services) ? (provider.services as { class?: unknown }[]) : [];
  if (services.length < 2) return [name];
  const units = services.flatMap((s) => (typeof s.class === 'string' ? [`${name}-${s.class}`] : []));
  // A class named twice is reported on the service; here it must not read as a second pool.
  return [...new Set([name, ...units])];
}

/**
 * A pool's workers are the registrations named `<pool>-...`: a pool named `linux-large`
 * beside one named `linux` would have its runners read as the other pool's (machine-less,
 * so removed as orphans, and their jobs counted as its demand).
 */
function reportPrefixClashes(
  pools: readonly unknown[],
  bad: ReadonlySet<number>,
  ctx: z.RefinementCtx,
): void {
  const names = pools.map((pool, index) => (bad.has(index) ? undefined : nameOf(pool)));
  names.forEach((name, index) => {
    if (name === undefined) return;
    const owner = names.findIndex(
      (other) => other !== undefined && other !== name && name.startsWith(`${other}-`),
    );
    if (owner < 0) return;
    ctx.addIssue({
      code: 'custom',
      path: [index, 'name'],
      message: `pool name "${name}" starts with "${names[owner] ?? ''}-", the worker names of pools[${owner}]: their workers would be mixed up; rename one`,
      input: name,
    });
  });
}

type EcsPlace = { readonly region: unknown; readonly cluster: unknown; readonly services: unknown };

/**
 * One ECS service is scaled by one pool: two pools setting its desired count would undo
 * each other's every reconcile. (Within a pool, ecs-schema.ts reports a service named twice.)
 */
function reportSharedServices(pools: readonly unknown[], ctx: z.RefinementCtx): void {
  const owners = new Map<string, number>();
  pools.forEach((pool, index) => {
    const provider = (pool as { provider?: { type?: unknown } } | null)?.provider;
    if (provider?.type !== 'ecs') return;
    const { region, cluster, services } = provider as EcsPlace;
    if (!Array.isArray(services)) return;
    const named = new Set<string>();
    services.forEach((s: unknown, i) => {
      const name = (s as { name?: unknown } | null)?.name;
      if (typeof name !== 'string' || named.has(name)) return;
      named.add(name);
      const key = JSON.stringify([region, cluster, name]);
      const first = owners.get(key);
      if (first === undefined) owners.set(key, index);
      else
        ctx.addIssue({
          code: 'custom',
          path: [index, 'provider', 'services', i, 'name'],
          message: `service "${name}" of cluster ${String(cluster)} is scaled by pools[${first}] too: give each pool its own service`,
          input: name,
        });
    });
  });
}

/** Pool names are unique because they prefix worker names and key the state store. */
const poolsSchema = z
  .array(poolSchema)
  .min(1, { error: 'must list at least one pool' })
  .superRefine(
    (pools, ctx) => {
      if (!Array.isArray(pools)) return;
      const bad = badNameIndexes(ctx.issues);
      const seen = new Map<string, number>();
      pools.forEach((pool: unknown, index) => {
        if (bad.has(index)) return;
        for (const name of namesOf(pool)) {
          const first = seen.get(name);
          if (first === undefined) seen.set(name, index);
          else {
            ctx.addIssue({
              code: 'custom',
              path: [index, 'name'],
              message: `duplicate pool name "${name}" (also pools[${first}])`,
              input: name,
            });
          }
        }
      });
      reportPrefixClashes(pools, bad, ctx);
      reportSharedServices(pools, ctx);
    },
    { when: () => true },
  )
  .describe('The pools to scale. Each pairs a source of jobs with a provider of workers.');

export const configSchema = z
  .strictObject({
    $schema: z.string().optional().describe('JSON Schema of this file, for editors.'),
    pools: poolsSchema,
    state: stateSchema.prefault({ type: 'file' }),
    server: serverSchema.prefault({}),
  })
  .describe('ci-scaler configuration.');

/** A validated config: defaults and presets applied, durations in milliseconds. */
export type Config = z.output<typeof configSchema>;
