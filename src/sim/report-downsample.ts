/**
 * Thins the report's series before they become SVG: a simulated day sampled every few
 * seconds would draw thousands of points per strategy that no screen can show apart, and
 * the page is meant to stay small enough to attach to a pull request.
 */
import type { TimelinePoint } from './types.js';

export interface CdfPoint {
  /** Wait in seconds. */
  readonly wait: number;
  /** Share of jobs that waited at most `wait`, 0..1. */
  readonly share: number;
}

/**
 * At most `max` points of the empirical CDF of sorted waits, evenly spaced by rank. The
 * first and the last wait are always kept, so the curve starts at the shortest wait and
 * reaches 1 at the longest.
 */
export function cdfPoints(sortedWaits: readonly number[], max: number): CdfPoint[] {
  const n = sortedWaits.length;
  if (n === 0) return [];
  const count = Math.max(2, Math.min(n, max));
  const points: CdfPoint[] = [];
  let last = -1;
  for (let k = 0; k < count; k++) {
    const i = Math.round((k * (n - 1)) / (count - 1));
    if (i === last) continue;
    last = i;
    points.push({ wait: sortedWaits[i] ?? 0, share: (i + 1) / n });
  }
  return points;
}

/**
 * At most `max` timeline points: consecutive samples averaged in equal-count buckets.
 * Averaging keeps the area under each series (worker-seconds), which is what the stacked
 * chart is read for; a momentary peak is flattened, and its height is in the tables.
 */
export function bucketTimeline(points: readonly TimelinePoint[], max: number): TimelinePoint[] {
  if (points.length <= max) return [...points];
  const size = Math.ceil(points.length / max);
  const out: TimelinePoint[] = [];
  for (let start = 0; start < points.length; start += size) {
    out.push(mean(points.slice(start, start + size)));
  }
  return out;
}

function mean(bucket: readonly TimelinePoint[]): TimelinePoint {
  const sum = { demand: 0, busy: 0, idle: 0, booting: 0 };
  for (const p of bucket) {
    sum.demand += p.demand;
    sum.busy += p.busy;
    sum.idle += p.idle;
    sum.booting += p.booting;
  }
  const n = bucket.length;
  return {
    t: bucket[0]?.t ?? 0,
    demand: sum.demand / n,
    busy: sum.busy / n,
    idle: sum.idle / n,
    booting: sum.booting / n,
  };
}
