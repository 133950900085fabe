import type { Distribution } from './types.js';

/** Nearest-rank percentile of sorted values (0 when empty). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? 0;
}

/** Percentiles of `values` (seconds), which it sorts in place. */
export function distribution(values: number[]): Distribution {
  values.sort((a, b) => a - b);
  const sum = values.reduce((a, v) => a + v, 0);
  return {
    count: values.length,
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    p99: percentile(values, 99),
    max: values.at(-1) ?? 0,
    mean: values.length === 0 ? 0 : sum / values.length,
  };
}
