import { idRecord } from '../core/id-record.js';
import { toIso } from '../core/time.js';
import type { Decision, PoolObservation, PoolPolicy, Worker } from '../core/types.js';
import type { StateStore } from '../state/store.js';
import { holdFreeWorkers, mergedMemory } from './pool-picture.js';
import { updatePoolDoc, type PoolDoc } from './pool-doc.js';

/**
 * A worker the picture has as just launched, but a listing does not show, is taken as in
 * flight for this long: listings lag a launch by seconds (Docker, DescribeInstances).
 */
export const IN_FLIGHT_MS = 60_000;

/** A launch decided and reserved in the pool document, before its worker exists anywhere. */
export interface Launching {
  /** ISO time of the reservation. */
  readonly at: string;
  readonly jobId?: string;
  /**
   * ISO time the reservation lapses if its launch call never returns (its process died):
   * the pool's bootTimeout after `at`. Until its record step settles it, the launch holds
   * its room below max and its job however slow the call is (retries after a rate limit
   * take minutes). Reservations written without it lapse IN_FLIGHT_MS after `at`.
   */
  readonly until?: string;
}

function lapsed(l: Launching, now: number): boolean {
  return l.until === undefined ? Date.parse(l.at) <= now - IN_FLIGHT_MS : Date.parse(l.until) <= now;
}

export type LaunchingMap = Readonly<Record<string, Launching>>;

/**
 * Launches in flight that a listing cannot show yet: reserved ones, and workers the
 * picture has as just launched. They count as booting, so no other decision launches
 * beyond max for them or starts a second worker for their job.
 */
export function inFlight(doc: PoolDoc, seen: ReadonlySet<string>, now: number): Worker[] {
  const cutoff = now - IN_FLIGHT_MS;
  const out: Worker[] = [];
  for (const [id, l] of Object.entries(doc.launching ?? {})) {
    if (seen.has(id) || lapsed(l, now)) continue;
    const at = Date.parse(l.at);
    out.push({ id, state: 'booting', createdAt: at, ...(l.jobId !== undefined && { jobId: l.jobId }) });
  }
  const reserved = new Set(out.map((w) => w.id));
  for (const w of doc.workers) {
    const young = w.state === 'booting' && w.createdAt !== undefined && w.createdAt > cutoff;
    if (young && !seen.has(w.id) && !reserved.has(w.id)) out.push(w);
  }
  return out;
}

/** The reservations of a decision's launches; most decisions have none, and format no time. */
function launchesOf(decision: Decision, now: number, holdMs: number): Record<string, Launching> {
  const out = idRecord<Launching>();
  let times: { at: string; until: string } | undefined;
  for (const a of decision.actions) {
    if (a.type !== 'launch') continue;
    times ??= { at: toIso(now), until: toIso(now + holdMs) };
    for (const t of a.for) out[t.name] = { ...times, ...(t.jobId !== undefined && { jobId: t.jobId }) };
  }
  return out;
}

/** Whether the job was counted as waiting with no worker, and the decision launched none for it. */
function waitsUnlaunched(
  observation: PoolObservation,
  launches: Readonly<Record<string, Launching>>,
  jobId: string,
): boolean {
  if (!observation.jobs.some((j) => j.id === jobId && j.workerId === undefined)) return false;
  return !Object.values(launches).some((l) => l.jobId === jobId);
}

/** The reservations without these names (their launch calls returned), and expired ones. */
export function settled(
  launching: LaunchingMap | undefined,
  names: readonly string[],
  now: number,
): LaunchingMap {
  const done = new Set(names);
  const kept = idRecord<Launching>();
  for (const [n, l] of Object.entries(launching ?? {})) if (!done.has(n) && !lapsed(l, now)) kept[n] = l;
  return kept;
}

export interface Reserved {
  readonly decision: Decision;
  readonly observation: PoolObservation;
  /** The queued job is left with no worker: none was launched for it and no free one holds it. */
  readonly waits: boolean;
}

/**
 * decide() on the freshest pool document and the reservation of its launches, in one
 * compare-and-set write: two deciders (fast paths of two events, two servers, a fast
 * path and a reconcile) never both launch into the same room below max, nor twice for
 * one job. On a lost race the decision is made again on the new document.
 */
export async function decideAndReserve(
  store: StateStore,
  pool: string,
  observe: (doc: PoolDoc) => PoolObservation,
  decide: (observation: PoolObservation) => Decision,
  now: number,
  /** The pool's policy: a reservation holds for its bootTimeout if the launch call never returns. */
  policy: PoolPolicy,
  /** A queued event's job: counted as waiting and given no launch, a free worker holds it (holdFreeWorkers). */
  queued?: string,
): Promise<Reserved> {
  let made: Reserved | undefined;
  await updatePoolDoc(store, pool, (d) => {
    const observation = observe(d);
    const decision = decide(observation);
    const launches = launchesOf(decision, now, policy.bootTimeoutMs);
    const launched = Object.keys(launches).length > 0;
    const unserved = queued !== undefined && waitsUnlaunched(observation, launches, queued);
    const workers = unserved ? holdFreeWorkers(d.workers, [queued], now, policy) : d.workers;
    const waits = unserved && !workers.some((w) => w.jobId === queued);
    made = { decision, observation, waits };
    if (!launched) return workers === d.workers ? d : { ...d, workers };
    return {
      ...d,
      workers,
      // Decided on this very document: its memory already holds every stored attempt.
      memory:
        observation.memory === d.memory
          ? decision.memory
          : mergedMemory(d, decision, observation.memory, 'add'),
      launching: Object.assign(settled(d.launching, [], now), launches),
    };
  });
  if (made === undefined) throw new Error(`no decision for pool ${pool}`);
  return made;
}

/** The workers a decision sees: these, plus launches in flight that they do not show. */
export function withInFlight(doc: PoolDoc, workers: readonly Worker[], now: number): readonly Worker[] {
  // Most events find nothing in flight: then no set of ids is built and nothing is copied.
  // The picture itself (the fast path) shows its own young workers: only reservations can add.
  const cutoff = now - IN_FLIGHT_MS;
  const maybe =
    Object.keys(doc.launching ?? {}).length > 0 ||
    (workers !== doc.workers &&
      doc.workers.some((w) => w.state === 'booting' && w.createdAt !== undefined && w.createdAt > cutoff));
  if (!maybe) return workers;
  const extra = inFlight(doc, new Set(workers.map((w) => w.id)), now);
  return extra.length === 0 ? workers : [...workers, ...extra];
}

/** The document's reservations once a decision's launch calls have returned. */
export function launchingAfter(doc: PoolDoc, decision: Decision, now: number): { launching?: LaunchingMap } {
  if (doc.launching === undefined) return {};
  const names = decision.actions.flatMap((a) => (a.type === 'launch' ? a.for.map((t) => t.name) : []));
  const left = settled(doc.launching, names, now);
  return Object.keys(left).length === 0 && Object.keys(doc.launching).length === 0 ? {} : { launching: left };
}
