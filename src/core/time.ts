/** ISO helpers for the memory document. Pure: they convert given instants, never read a clock. */

export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Parses an ISO time; NaN when it is not one. */
export function fromIso(iso: string): number {
  return Date.parse(iso);
}

/** Milliseconds since an optional ISO instant, or undefined. */
export function elapsedSince(now: number, iso: string | undefined): number | undefined {
  return iso === undefined ? undefined : now - fromIso(iso);
}

export function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0 && ms > 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0 && ms > 0) return `${ms / 60_000}m`;
  return `${Math.round(ms / 1000)}s`;
}
