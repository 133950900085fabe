import { ConflictError, StateError } from '../core/errors.js';
import { POLICY_NAMES, PRESETS, type PolicyName } from '../core/presets.js';
import { toIso } from '../core/time.js';
import type { Mode, PoolPolicy } from '../core/types.js';
import type { HistoryEntry, StateStore } from '../state/store.js';

/**
 * A runtime override of one pool (key `override/<pool>`), schema version 1, set through
 * the control API. The config file is the default; an override wins until it is cleared
 * (ARCHITECTURE.md "Precedence").
 */
export interface PoolOverride {
  readonly schemaVersion: 1;
  readonly mode?: Mode;
  /** Present exactly when `mode` is `manual`. */
  readonly manualTarget?: number;
  /** A preset that replaces the config's scaleDown cooldown and after. */
  readonly policy?: PolicyName;
  /** Why the latest change was made, as the person said it. */
  readonly reason: string;
  /** ISO time of the latest change. */
  readonly at: string;
  readonly by?: string;
}

export type OverrideChange =
  | { readonly kind: 'mode'; readonly mode: Mode; readonly manualTarget?: number }
  | { readonly kind: 'policy'; readonly policy: PolicyName };

/** Who changes an override, why, and what history should show as the pool's desired count. */
export interface OverrideMeta {
  readonly reason: string;
  readonly by?: string;
  readonly now: number;
  readonly desired: number;
  readonly historyLimit?: number;
}

/** The engine keeps this many history entries per pool unless told otherwise. */
export const DEFAULT_HISTORY_LIMIT = 200;
const MODES: readonly Mode[] = ['enabled', 'disabled', 'manual'];

export const overrideKey = (pool: string): string => `override/${pool}`;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function oneOf<T extends string>(values: readonly T[], v: unknown): v is T {
  return typeof v === 'string' && (values as readonly string[]).includes(v);
}

/** Checks a stored override; a document this version cannot read stops the pool rather than being ignored. */
export function parseOverride(pool: string, raw: unknown): PoolOverride {
  const bad = (what: string) => new StateError(`override of pool ${pool}: ${what}`);
  if (!isRecord(raw) || raw.schemaVersion !== 1) {
    const seen = isRecord(raw) ? JSON.stringify(raw.schemaVersion) : typeof raw;
    throw bad(`unknown document version ${seen} (expected 1)`);
  }
  const { mode, manualTarget, policy, reason, at, by } = raw;
  if (mode !== undefined && !oneOf(MODES, mode)) throw bad(`mode ${JSON.stringify(mode)} is not a mode`);
  if (policy !== undefined && !oneOf(POLICY_NAMES, policy))
    throw bad(`policy ${JSON.stringify(policy)} is not a preset`);
  const target = typeof manualTarget === 'number' && Number.isInteger(manualTarget) && manualTarget >= 0;
  if (mode === 'manual' && !target) throw bad('manual mode without a manualTarget');
  if (typeof reason !== 'string' || typeof at !== 'string' || Number.isNaN(Date.parse(at)))
    throw bad('reason and at are required');
  return {
    schemaVersion: 1,
    ...(mode !== undefined && { mode }),
    ...(mode === 'manual' && { manualTarget: manualTarget as number }),
    ...(policy !== undefined && { policy }),
    reason,
    at,
    ...(typeof by === 'string' && { by }),
  };
}

export async function readOverride(store: StateStore, pool: string): Promise<PoolOverride | undefined> {
  const stored = await store.get(overrideKey(pool));
  return stored === undefined ? undefined : parseOverride(pool, stored.value);
}

/**
 * The policy decide() gets: the config's, with the override's mode, manual target and
 * preset on top. The manual target is capped at the config's max, which may have been
 * lowered since the override was set: max is never exceeded (rule 3).
 */
export function effectivePolicy(config: PoolPolicy, override: PoolOverride | undefined): PoolPolicy {
  if (override === undefined) return config;
  const preset = override.policy === undefined ? undefined : PRESETS[override.policy];
  const mode = override.mode ?? config.mode;
  const target = override.mode === 'manual' ? override.manualTarget : config.manualTarget;
  return {
    ...config,
    mode,
    ...(target !== undefined && { manualTarget: Math.min(target, config.max) }),
    ...(preset !== undefined && {
      scaleDownCooldownMs: preset.scaleDownCooldownMs,
      scaleDownAfterMs: preset.scaleDownAfterMs,
    }),
  };
}

function applyChange(
  current: PoolOverride | undefined,
  change: OverrideChange,
  meta: OverrideMeta,
): PoolOverride {
  const mode = change.kind === 'mode' ? change.mode : current?.mode;
  const manualTarget = change.kind === 'mode' ? change.manualTarget : current?.manualTarget;
  const policy = change.kind === 'policy' ? change.policy : current?.policy;
  return {
    schemaVersion: 1,
    ...(mode !== undefined && { mode }),
    ...(mode === 'manual' && manualTarget !== undefined && { manualTarget }),
    ...(policy !== undefined && { policy }),
    reason: meta.reason,
    at: toIso(meta.now),
    ...(meta.by !== undefined && { by: meta.by }),
  };
}

export function describeChange(change: OverrideChange): string {
  if (change.kind === 'policy') return `policy ${change.policy}`;
  return change.mode === 'manual'
    ? `mode manual (target ${change.manualTarget ?? 0})`
    : `mode ${change.mode}`;
}

async function recordChange(
  store: StateStore,
  pool: string,
  what: string,
  meta: OverrideMeta,
): Promise<void> {
  if (!store.capabilities.has('history')) return;
  const by = meta.by === undefined ? '' : ` (by ${meta.by})`;
  const entry: HistoryEntry = {
    at: toIso(meta.now),
    pool,
    kind: 'override',
    desired: meta.desired,
    reason: `${what}: ${meta.reason}${by}`,
    actions: [],
  };
  await store.appendHistory(entry, meta.historyLimit ?? DEFAULT_HISTORY_LIMIT);
}

/**
 * Sets one part of a pool's override (mode or policy), keeping the other, and records the
 * change with its reason. Compare-and-set where the store has it, so two API calls at
 * once both land.
 */
export async function setOverride(
  store: StateStore,
  pool: string,
  change: OverrideChange,
  meta: OverrideMeta,
): Promise<PoolOverride> {
  if (change.kind === 'mode' && change.mode === 'manual' && change.manualTarget === undefined)
    throw new StateError(`override of pool ${pool}: manual mode needs a target`);
  const cas = store.capabilities.has('compare-and-set');
  for (let attempt = 1; ; attempt++) {
    const stored = await store.get(overrideKey(pool));
    const current = stored === undefined ? undefined : parseOverride(pool, stored.value);
    const next = applyChange(current, change, meta);
    try {
      await store.put(overrideKey(pool), next, cas ? (stored?.version ?? 0) : 'any');
    } catch (err) {
      if (err instanceof ConflictError && cas && attempt < 5) continue;
      throw err;
    }
    await recordChange(store, pool, `override ${describeChange(change)}`, meta);
    return next;
  }
}

export interface Cleared {
  readonly cleared: boolean;
  /** What was removed; undefined when there was nothing or it could not be read. */
  readonly previous?: PoolOverride;
}

/** Removes a pool's override (back to the config) and records it; clearing nothing records nothing. */
export async function clearOverride(store: StateStore, pool: string, meta: OverrideMeta): Promise<Cleared> {
  const stored = await store.get(overrideKey(pool));
  if (stored === undefined) return { cleared: false };
  let previous: PoolOverride | undefined;
  try {
    previous = parseOverride(pool, stored.value);
  } catch (err) {
    // An unreadable override is exactly what clearing is for.
    if (!(err instanceof StateError)) throw err;
  }
  await store.delete(overrideKey(pool), 'any');
  await recordChange(store, pool, 'override cleared, back to the config', meta);
  return { cleared: true, ...(previous !== undefined && { previous }) };
}
