/** ISO helpers for the memory document. Pure: they convert given instants, never read a clock. */

/** The last few answers, newest first: one step asks for a few instants, each many times. */
const recent: { ms: number; iso: string }[] = [];
const RECENT = 4;

export function toIso(ms: number): string {
  for (const r of recent) if (r.ms === ms) return r.iso;
  const iso = new Date(ms).toISOString();
  recent.unshift({ ms, iso });
  if (recent.length > RECENT) recent.pop();
  return iso;
}

export function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0 && ms > 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0 && ms > 0) return `${ms / 60_000}m`;
  return `${Math.round(ms / 1000)}s`;
}
