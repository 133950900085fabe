/** A pool as the control API and the status page show it: config and runtime override side by side. */
import { toUnits, type PoolConfig } from '../../config/index.js';
import { StateError } from '../../core/errors.js';
import type { PolicyName } from '../../core/presets.js';
import { JOB_STATES, WORKER_STATES, type Mode, type PoolPolicy } from '../../core/types.js';
import { effectivePolicy, overrideKey, parseOverride, type PoolOverride } from '../../engine/overrides.js';
import type { PoolRuntime } from '../../engine/pool-runtime.js';
import type { ProviderCircuit } from '../../providers/provider.js';
import type { HistoryEntry } from '../../state/store.js';
import type { ServerContext } from './context.js';

export interface KnownPool {
  readonly config: PoolConfig;
  readonly runtime: PoolRuntime;
}

/** A setting as the config gives it, as the override sets it (null: not overridden), and in effect. */
export interface Setting<T> {
  readonly config: T | null;
  readonly override: T | null;
  readonly effective: T | null;
}

export interface PoolView {
  readonly name: string;
  readonly source: string;
  readonly provider: string;
  readonly mode: Mode;
  readonly preset: PolicyName;
  /** The policy decide() gets: config with the override on top; durations in ms. */
  readonly policy: PoolPolicy;
  readonly settings: {
    readonly mode: Setting<Mode>;
    readonly manualTarget: Setting<number>;
    readonly policy: Setting<PolicyName>;
  };
  readonly override: PoolOverride | null;
  /** Set when the stored override cannot be read; reconciles of the pool fail until it is cleared. */
  readonly overrideError?: string;
  readonly desired: number | null;
  readonly workers: Readonly<Record<string, number>> | null;
  readonly jobs: Readonly<Record<string, number>> | null;
  readonly lastReconcile: {
    readonly at: string | null;
    readonly result: string | null;
    readonly error?: string;
    readonly reason?: string;
    readonly apiCalls?: number;
  } | null;
  /** Provider circuit breakers (EC2: instance type x zone skipped after capacity errors). */
  readonly circuits: readonly ProviderCircuit[];
}

/** A scheduled pool (a configured pool, or one service of a replica pool) with its config entry. */
export function findPool(ctx: ServerContext, name: string): KnownPool | undefined {
  const runtime = ctx.built.pools.find((p) => p.policy.name === name);
  const config = ctx.config.pools.find((p) => toUnits(p).some((u) => u.policy.name === name));
  return config === undefined || runtime === undefined ? undefined : { config, runtime };
}

export function poolNames(ctx: ServerContext): string[] {
  return ctx.built.pools.map((p) => p.policy.name);
}

/** Every scheduled pool, in config order. */
export function knownPools(ctx: ServerContext): KnownPool[] {
  return poolNames(ctx).flatMap((name) => findPool(ctx, name) ?? []);
}

async function overrideOf(
  ctx: ServerContext,
  pool: string,
): Promise<{ override?: PoolOverride; error?: string }> {
  // A store that cannot answer is an outage (503 at the edge), not an unreadable override:
  // shown as one, the config's mode would read as in force while the stored one still is.
  const stored = await ctx.built.store.get(overrideKey(pool));
  if (stored === undefined) return {};
  try {
    return { override: parseOverride(pool, stored.value) };
  } catch (err) {
    if (err instanceof StateError) return { error: err.message };
    throw err;
  }
}

/** The pool's recent history, oldest first; empty where the store keeps none. */
export async function historyOf(
  ctx: ServerContext,
  pool: string,
  limit: number,
): Promise<readonly HistoryEntry[]> {
  const store = ctx.built.store;
  return store.capabilities.has('history') ? store.listHistory(pool, limit) : [];
}

function byPrefix(counts: Readonly<Record<string, number>>, prefix: string, states: readonly string[]) {
  return Object.fromEntries(states.map((s) => [s, counts[`${prefix}.${s}`] ?? 0]));
}

/** The newest full reconcile in history: what the pool looked like before this process saw one. */
async function lastReconcileEntry(ctx: ServerContext, pool: string): Promise<HistoryEntry | undefined> {
  const recent = await historyOf(ctx, pool, 20);
  return recent.findLast((h) => h.kind === 'reconcile' && h.counts !== undefined);
}

function setting<T>(config: T | undefined, override: T | undefined, effective: T | undefined): Setting<T> {
  return { config: config ?? null, override: override ?? null, effective: effective ?? null };
}

export async function describePool(ctx: ServerContext, known: KnownPool): Promise<PoolView> {
  const { config, runtime } = known;
  const name = runtime.policy.name;
  const { override, error } = await overrideOf(ctx, name);
  const policy = effectivePolicy(runtime.policy, override);
  const preset = override?.policy ?? config.policy;
  const status = ctx.status.get(name);
  const entry =
    status.counts === undefined || status.decision === undefined
      ? await lastReconcileEntry(ctx, name)
      : undefined;
  const counts = status.counts ?? entry?.counts;
  const manual = (p: { mode?: Mode | undefined; manualTarget?: number | undefined } | undefined) =>
    p?.mode === 'manual' ? p.manualTarget : undefined;
  return {
    name,
    source: runtime.source.type,
    provider: runtime.provider.type,
    mode: policy.mode,
    preset,
    policy,
    settings: {
      mode: setting(config.mode, override?.mode, policy.mode),
      manualTarget: setting(manual(config), manual(override), manual(policy)),
      policy: setting(config.policy, override?.policy, preset),
    },
    override: override ?? null,
    ...(error !== undefined && { overrideError: error }),
    desired: status.decision?.desired ?? entry?.desired ?? null,
    workers: counts === undefined ? null : byPrefix(counts, 'workers', WORKER_STATES),
    jobs: counts === undefined ? null : byPrefix(counts, 'jobs', JOB_STATES),
    lastReconcile:
      status.result === undefined
        ? null
        : {
            at: status.at ?? null,
            result: status.result,
            ...(status.error !== undefined && { error: status.error }),
            ...(status.decision !== undefined && { reason: status.decision.reason }),
            ...(status.apiCalls !== undefined && { apiCalls: status.apiCalls }),
          },
    circuits: status.circuits ?? [],
  };
}
