import { toIso } from '../core/time.js';
import type { Outcome } from './executor.js';

/**
 * The pool document's index of launch claims, so their keys (`claim/<pool>/<name>`) can
 * be deleted once they no longer matter: claimed worker names grouped by the minute of
 * the claim (`2026-11-02T09:00` -> names), oldest minute first.
 *
 * Grouped, not one entry per name: every launch adds a claim and every reconcile drops
 * the old ones, and a busy pool holds hundreds. A flat map was copied whole on each of
 * those writes (about 50 µs for 250 names), which made a busy week's simulation spend
 * most of its time copying it; now a launch copies one minute's names and the ~16 minute
 * keys, and a reconcile drops whole minutes.
 */
export type ClaimIndex = Readonly<Record<string, readonly string[]>>;

/**
 * Claims older than this are forgotten (a minute's group once all of it is this old). A
 * claim stops two launches of one worker name racing each other (seconds apart), and a
 * late duplicate event relaunching a finished job; once the launch is recorded, the
 * worker in the pool document answers a duplicate, and a registration still without its
 * machine is covered by `orphans` (first seen) up to bootTimeout.
 */
export const CLAIM_RETENTION_MS = 15 * 60_000;

export const EMPTY_CLAIMS: ClaimIndex = {};

const minuteOf = (ms: number): string => toIso(ms).slice(0, 16);

/** The workers these outcomes launched, whose claims are to be indexed. */
export function claimedBy(outcomes: readonly Outcome[]): string[] {
  return outcomes.filter((o) => o.type === 'launch' && o.result === 'ok').map((o) => o.target);
}

/** The index with these names claimed now; the same object when there are none (most events). */
export function withClaims(index: ClaimIndex, names: readonly string[], now: number): ClaimIndex {
  if (names.length === 0) return index;
  const minute = minuteOf(now);
  return { ...index, [minute]: [...(index[minute] ?? []), ...names] };
}

/** The minutes that are older than the retention as a whole. */
function staleMinutes(index: ClaimIndex, now: number): string[] {
  const cutoff = minuteOf(now - CLAIM_RETENTION_MS);
  const out: string[] = [];
  for (const minute in index) if (minute < cutoff) out.push(minute);
  return out;
}

/** The index without its stale minutes; the same object when none is stale. */
export function freshClaims(index: ClaimIndex, now: number): ClaimIndex {
  const stale = staleMinutes(index, now);
  if (stale.length === 0) return index;
  const kept: Record<string, readonly string[]> = {};
  for (const minute in index) if (!stale.includes(minute)) kept[minute] = index[minute] ?? [];
  return kept;
}

/** The claimed names that freshClaims drops now: their keys can go. */
export function expiredClaims(index: ClaimIndex, now: number): string[] {
  return staleMinutes(index, now).flatMap((minute) => index[minute] ?? []);
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
    groups.set(minute, [...(groups.get(minute) ?? []), name]);
  }
  return Object.fromEntries([...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
