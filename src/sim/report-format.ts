/**
 * Number formats for the report's text. The locale is fixed so the same report renders to
 * the same bytes on every machine, whatever LANG says.
 */
import type { Distribution, Unmatched } from './types.js';

const formats = new Map<number, Intl.NumberFormat>();

/** Grouped thousands and exactly `digits` decimals: 12,345.6 */
export function formatNumber(value: number, digits = 0): string {
  let format = formats.get(digits);
  if (format === undefined) {
    format = new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
    formats.set(digits, format);
  }
  return format.format(value);
}

/** Worker time is summed over a simulated day or more: hours read better than seconds. */
export function formatHours(seconds: number): string {
  return formatNumber(seconds / 3600, 1);
}

export function formatWait(seconds: number): string {
  return formatNumber(seconds, seconds < 10 ? 1 : 0);
}

export const WAIT_KEYS = ['p50', 'p95', 'p99', 'max'] as const;

/** p50, p95, p99 and max, or dashes when no job started: a pool with no jobs waited for nothing, not 0 s. */
export function waitTexts(wait: Distribution): string[] {
  return WAIT_KEYS.map((k) => (wait.count === 0 ? '–' : formatWait(wait[k])));
}

export function formatPercent(part: number, whole: number): string {
  return whole > 0 ? `${formatNumber((100 * part) / whole, 1)} %` : '–';
}

/** Simulated time as the reader thinks of it: "1 d 2 h 5 min", or seconds when short. */
export function formatSpan(seconds: number): string {
  if (seconds < 120) return `${formatNumber(seconds)} s`;
  const minutes = Math.round(seconds / 60);
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  const parts = [d > 0 ? `${d} d` : '', d > 0 || h > 0 ? `${h} h` : '', `${m} min`];
  return parts.filter((p) => p !== '').join(' ');
}

/** `[self-hosted, gpu] x3, [ubuntu-latest] x1`, the first few label sets of the left-out jobs. */
export function labelSets(unmatched: Unmatched, shown = 5): string {
  // A job without labels is a Terraform run (docs/simulator.md): say so rather than print [].
  const sets = unmatched.byLabels
    .slice(0, shown)
    .map(
      (u) =>
        `${u.labels.length === 0 ? 'Terraform runs (no labels)' : `[${u.labels.join(', ')}]`} x${u.jobs}`,
    );
  const more = unmatched.byLabels.length - shown;
  return more > 0 ? `${sets.join(', ')} and ${more} more` : sets.join(', ');
}
