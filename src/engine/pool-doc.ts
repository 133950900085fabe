import { setTimeout as delay } from 'node:timers/promises';
import { parseMemory } from '../core/memory.js';
import { ConflictError, StateError } from '../core/errors.js';
import type { Memory, Worker } from '../core/types.js';
import type { StateStore } from '../state/store.js';
import { EMPTY_CLAIMS, indexOfLegacy, isClaimIndex, type ClaimIndex } from './claim-index.js';
import type { LaunchingMap } from './reserve.js';
import type { RerunEntry } from './reruns.js';

/**
 * The per-pool document in the state store (key `pool/<name>`), schema version 1:
 * core's memory, the workers last seen (the fast path's picture of the pool between
 * listings) and the launch claims still young enough to matter.
 */
export interface PoolDoc {
  readonly schemaVersion: 1;
  readonly memory: Memory;
  readonly workers: readonly Worker[];
  /** Claimed worker names by the minute of their claim (claim-index.ts). */
  readonly claimsByMinute: ClaimIndex;
  /**
   * Registrations seen without a machine -> ISO time first seen. A launch in flight in
   * another process registers before its machine exists; without a claim to tell (stores
   * without compare-and-set keep none), such a registration counts as booting from when it
   * was first seen, and is removed only once it stays machine-less past bootTimeout.
   */
  readonly orphans?: Readonly<Record<string, string>>;
  /** Jobs whose worker the cloud took back, waiting for their re-run (reruns.ts). */
  readonly reruns?: Readonly<Record<string, RerunEntry>>;
  /** Launches decided and reserved whose calls have not returned (reserve.ts). */
  readonly launching?: LaunchingMap;
  /**
   * Job ids seen to start (`in_progress`) by minute, kept CLAIM_RETENTION_MS as claims
   * are: a `queued` event delivered after its job started launches nothing (job-started.ts).
   */
  readonly startedByMinute?: ClaimIndex;
}

export const EMPTY_POOL_DOC: PoolDoc = {
  schemaVersion: 1,
  memory: { version: 1 },
  workers: [],
  claimsByMinute: EMPTY_CLAIMS,
};

export const poolKey = (pool: string): string => `pool/${pool}`;
export const claimKey = (pool: string, name: string): string => `claim/${pool}/${name}`;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The document last parsed or written per pool, by the stored object: a store that hands
 * out the object it keeps (the simulator's memory store) gives back the one last written,
 * which is then not parsed again for every event. One per pool rather than a WeakMap of
 * every document: that map's entries cost each garbage collection, and a week of events
 * writes millions of documents.
 */
const parsed = new Map<string, { readonly raw: object; readonly doc: PoolDoc }>();

function parsePoolDoc(pool: string, raw: unknown): PoolDoc {
  if (typeof raw !== 'object' || raw === null) return parseFresh(pool, raw);
  const known = parsed.get(pool);
  if (known?.raw === raw) return known.doc;
  const doc = parseFresh(pool, raw);
  parsed.set(pool, { raw, doc });
  return doc;
}

function parseFresh(pool: string, raw: unknown): PoolDoc {
  if (!isRecord(raw) || raw.schemaVersion !== 1) {
    const seen = isRecord(raw) ? JSON.stringify(raw.schemaVersion) : typeof raw;
    throw new StateError(`state of pool ${pool}: unknown document version ${seen} (expected 1)`);
  }
  const memory = parseMemory(raw.memory, `pool/${pool}.memory`);
  if (!memory.ok)
    throw new StateError(
      `state of pool ${pool}: ${memory.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
    );
  // A field that is there but of the wrong shape is an error: read as absent, the next
  // update would write the document back without it (launches in flight, claims).
  const wrong: string[] = [];
  const field = (name: string, ok: (v: unknown) => boolean, shape: string): unknown => {
    const v = raw[name];
    if (v === undefined || ok(v)) return v;
    wrong.push(`${name}: must be ${shape}, got ${Array.isArray(v) ? 'a list' : typeof v}`);
    return undefined;
  };
  const workers = (field('workers', Array.isArray, 'a list') ?? []) as Worker[];
  const index = field('claimsByMinute', isClaimIndex, 'a claim index') as ClaimIndex | undefined;
  const legacy = field('claims', isRecord, 'an object');
  const orphans = (field('orphans', isRecord, 'an object') ?? {}) as Record<string, string>;
  const reruns = field('reruns', isRecord, 'an object') as Record<string, RerunEntry> | undefined;
  const launching = field('launching', isRecord, 'an object') as LaunchingMap | undefined;
  const started = field('startedByMinute', isClaimIndex, 'a claim index') as ClaimIndex | undefined;
  if (wrong.length > 0)
    throw new StateError(`state of pool ${pool} (key ${poolKey(pool)}): ${wrong.join('; ')}`);
  const claimsByMinute = index ?? (isRecord(legacy) ? indexOfLegacy(legacy) : EMPTY_CLAIMS);
  return {
    schemaVersion: 1,
    memory: memory.memory,
    workers,
    claimsByMinute,
    orphans,
    ...(reruns && { reruns }),
    ...(launching && { launching }),
    ...(started && { startedByMinute: started }),
  };
}

/**
 * Read-modify-write of a pool document with compare-and-set. On a lost race the update
 * runs again on the fresh document, so concurrent writers (fast path and reconcile)
 * compose instead of overwriting each other.
 */
export async function updatePoolDoc(
  store: StateStore,
  pool: string,
  update: (doc: PoolDoc) => PoolDoc,
  attempts = 12,
): Promise<PoolDoc> {
  for (let i = 0; ; i++) {
    const current = await store.get(poolKey(pool));
    const doc = current === undefined ? EMPTY_POOL_DOC : parsePoolDoc(pool, current.value);
    const next = update(doc);
    // Most events change nothing (a duplicate, a disabled pool, a job already known):
    // such an update costs a read and no write.
    if (current !== undefined && samePoolDoc(next, doc)) return doc;
    try {
      // A store without compare-and-set (the Actions cache) takes plain writes; the
      // workflow's concurrency group is what keeps two runs of a pool apart there.
      const expected = store.capabilities.has('compare-and-set') ? (current?.version ?? 0) : 'any';
      await store.put(poolKey(pool), next, expected);
      // A store that keeps this very object hands it back on the next read: known valid.
      parsed.set(pool, { raw: next, doc: next });
      return next;
    } catch (err) {
      if (!(err instanceof ConflictError) || i + 1 >= attempts || !store.capabilities.has('compare-and-set'))
        throw err;
      // Many events for one pool at once all race for this document: step back a little
      // longer each time so the writers spread out instead of colliding again.
      await delay(2 * (i + 1));
    }
  }
}

const json = (v: unknown): string => JSON.stringify(v) ?? '';

/** Workers hold only strings, numbers and booleans: compared field by field. */
function sameWorkers(a: readonly Worker[], b: readonly Worker[]): boolean {
  return (
    a.length === b.length && a.every((x, i) => x === b[i] || (b[i] !== undefined && sameRecord(x, b[i])))
  );
}

function sameRecord(a: object, b: object): boolean {
  const keys = Object.keys(a);
  const [ra, rb] = [a as Record<string, unknown>, b as Record<string, unknown>];
  return keys.length === Object.keys(b).length && keys.every((k) => ra[k] === rb[k]);
}

/** Whether an update changed nothing; updates keep unchanged workers as the same objects. */
function samePoolDoc(a: PoolDoc, b: PoolDoc): boolean {
  return (
    sameWorkers(a.workers, b.workers) &&
    a.claimsByMinute === b.claimsByMinute &&
    sameRecord(a.orphans ?? {}, b.orphans ?? {}) &&
    sameRecord(a.reruns ?? {}, b.reruns ?? {}) &&
    sameRecord(a.launching ?? {}, b.launching ?? {}) &&
    a.startedByMinute === b.startedByMinute &&
    (a.memory === b.memory || json(a.memory) === json(b.memory))
  );
}

export async function readPoolDoc(store: StateStore, pool: string): Promise<PoolDoc> {
  const current = await store.get(poolKey(pool));
  return current === undefined ? EMPTY_POOL_DOC : parsePoolDoc(pool, current.value);
}
