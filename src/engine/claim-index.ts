import { toIso } from '../core/time.js';
import type { Outcome } from './executor.js';

/**
 * The pool document's index of launch claims, so their keys (`claim/<pool>/<name>`) can
 * be deleted once they no longer matter: claimed worker names grouped by the minute of
 * the claim (`2026-11-02T09:00`), oldest minute first.
 *
 * Grouped, not one entry per name: every launch adds a claim and every reconcile drops
 * the old ones, and a busy pool holds hundreds. A flat map was copied whole on each of
 * those writes (about 50 µs for 250 names), which made a busy week's simulation spend
 * most of its time copying it; now a launch copies one minute's names and the list of
 * ~16 minutes, and a reconcile drops whole minutes.
 */
export interface ClaimMinute {
  readonly minute: string;
  readonly names: readonly string[];
}

export type ClaimIndex = readonly ClaimMinute[];

/**
 * Claims older than this are forgotten (a minute's group once all of it is this old). A
 * claim stops two launches of one worker name racing each other (seconds apart), and a
 * late duplicate event relaunching a finished job; once the launch is recorded, the
 * worker in the pool document answers a duplicate, and a registration still without its
 * machine is covered by `orphans` (first seen) up to bootTimeout.
 */
export const CLAIM_RETENTION_MS = 15 * 60_000;

export const EMPTY_CLAIMS: ClaimIndex = [];

const minuteOf = (ms: number): string => toIso(ms).slice(0, 16);

/** The workers these outcomes launched, whose claims are to be indexed. */
export function claimedBy(outcomes: readonly Outcome[]): string[] {
  // A launch that went ahead without a claim (a store without compare-and-set) wrote none;
  // indexed all the same, as before, its delete finds nothing.
  return outcomes
    .filter((o) => o.type === 'launch' && (o.claimed === true || o.result === 'ok'))
    .map((o) => o.target);
}

/** The index with these names claimed now; the same array when there are none (most events). */
export function withClaims(index: ClaimIndex, names: readonly string[], now: number): ClaimIndex {
  if (names.length === 0) return index;
  const minute = minuteOf(now);
  const last = index.at(-1);
  if (last?.minute === minute) return [...index.slice(0, -1), { minute, names: [...last.names, ...names] }];
  return [...index, { minute, names }];
}

/** How many of the oldest minutes are older than the retention as a whole. */
function staleCount(index: ClaimIndex, now: number): number {
  const cutoff = minuteOf(now - CLAIM_RETENTION_MS);
  const fresh = index.findIndex((m) => m.minute >= cutoff);
  return fresh < 0 ? index.length : fresh;
}

/** The index without its stale minutes; the same array when none is stale. */
export function freshClaims(index: ClaimIndex, now: number): ClaimIndex {
  const stale = staleCount(index, now);
  return stale === 0 ? index : index.slice(stale);
}

/** The claimed names that freshClaims drops now: their keys can go. */
export function expiredClaims(index: ClaimIndex, now: number): string[] {
  return index.slice(0, staleCount(index, now)).flatMap((m) => m.names);
}

/** Whether a stored index has the shape written here (a list of minutes and names). */
export function isClaimIndex(raw: unknown): raw is ClaimIndex {
  return (
    Array.isArray(raw) &&
    raw.every(
      (m: unknown) =>
        typeof m === 'object' &&
        m !== null &&
        typeof (m as ClaimMinute).minute === 'string' &&
        Array.isArray((m as ClaimMinute).names),
    )
  );
}

/**
 * The index of a document written before claims were grouped (`claims`: name -> ISO
 * time). A time that does not parse goes in the oldest group, to be forgotten next.
 */
export function indexOfLegacy(claims: Readonly<Record<string, unknown>>): ClaimIndex {
  const groups = new Map<string, string[]>();
  for (const [name, at] of Object.entries(claims)) {
    const ms = typeof at === 'string' ? Date.parse(at) : Number.NaN;
    const minute = Number.isNaN(ms) ? '0000-00-00T00:00' : minuteOf(ms);
    const group = groups.get(minute);
    if (group === undefined) groups.set(minute, [name]);
    else group.push(name);
  }
  return [...groups]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([minute, names]) => ({ minute, names }));
}
