import type { Demand } from './demand.js';
import type { PoolPolicy } from './types.js';

export interface Counts {
  readonly busy: number;
  readonly idle: number;
  readonly booting: number;
}

const MAX_IDS = 5;

export function listIds(ids: readonly string[]): string {
  const shown = ids.slice(0, MAX_IDS).join(', ');
  return ids.length > MAX_IDS ? `${shown}, +${ids.length - MAX_IDS} more` : shown;
}

/** The state part of every reason: what was seen and the bounds that applied. */
export function describeState(demand: Demand, counts: Counts, policy: PoolPolicy): string {
  const queued = demand.queued.length;
  const jobs = `${queued} queued${queued > 0 ? ` (${listIds(demand.queued.map((j) => j.id))})` : ''}`;
  const held = demand.held > 0 ? `, ${demand.held} held` : '';
  const workers = `${counts.busy} busy, ${counts.idle} idle, ${counts.booting} booting`;
  const bounds =
    policy.mode === 'manual'
      ? `manual target ${policy.manualTarget ?? 0}`
      : `min ${policy.min} max ${policy.max}`;
  return `${jobs}${held}, ${demand.running} running; ${workers}; ${bounds}`;
}
