/** ISO helpers for the memory document. Pure: they convert given instants, never read a clock. */

const DAY_MS = 86_400_000;
/** The day of the last answer, and its `YYYY-MM-DDT`: one step asks for a few instants of one day. */
let dayStart = Number.NaN;
let dayPrefix = '';

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);
const pad3 = (n: number): string => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);

/**
 * `new Date(ms).toISOString()`, the date part formatted once per day: a simulated week
 * formats hundreds of thousands of instants, and a Date each was a visible share of it.
 */
export function toIso(ms: number): string {
  // A Date keeps whole milliseconds (the fraction cut toward zero); simulated instants
  // carry fractions: cut here the same way, they take the fast path below.
  const whole = Math.trunc(ms);
  if (!Number.isSafeInteger(whole)) return new Date(ms).toISOString();
  const day = Math.floor(whole / DAY_MS) * DAY_MS;
  if (day !== dayStart) {
    const iso = new Date(day).toISOString();
    dayPrefix = iso.slice(0, iso.indexOf('T') + 1);
    dayStart = day;
  }
  const t = whole - day;
  const h = Math.floor(t / 3_600_000);
  const m = Math.floor((t % 3_600_000) / 60_000);
  const sec = Math.floor((t % 60_000) / 1000);
  return `${dayPrefix}${pad2(h)}:${pad2(m)}:${pad2(sec)}.${pad3(t % 1000)}Z`;
}

export function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0 && ms > 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0 && ms > 0) return `${ms / 60_000}m`;
  return `${Math.round(ms / 1000)}s`;
}

/** `toIso(ms)`, formatted on the first call only: most steps that may need the time need none. */
export function isoOnce(ms: number): () => string {
  let iso: string | undefined;
  return () => (iso ??= toIso(ms));
}
