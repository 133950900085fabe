import * as z from 'zod';
import { InputError, type Problem } from '../../core/errors.js';
import { parseMemory } from '../../core/memory.js';
import { JOB_STATES, WORKER_STATES, type Job, type Memory, type Worker } from '../../core/types.js';

/**
 * The observation file of `ci-scaler plan` (format `version: 1`, ARCHITECTURE.md
 * "The plan command"). Times are ISO strings in the file and epoch ms in core.
 */
const isoTime = z.iso.datetime({
  offset: true,
  message: 'must be an ISO 8601 time such as 2026-11-22T10:00:00Z',
});
const id = z.union([z.string().min(1), z.number().int().transform(String)]);

const jobSchema = z.strictObject({
  id,
  state: z.enum(JOB_STATES as [Job['state'], ...Job['state'][]]),
  labels: z.array(z.string()).default([]),
  kind: z.string().optional(),
  group: z.string().optional(),
  queuedAt: isoTime.optional(),
  workerId: id.optional(),
});

const workerSchema = z.strictObject({
  id,
  state: z.enum(WORKER_STATES as [Worker['state'], ...Worker['state'][]]),
  createdAt: isoTime.optional(),
  idleSince: isoTime.optional(),
  jobId: id.optional(),
  capacityClass: z.string().optional(),
  protectedUntil: isoTime.optional(),
});

const fileSchema = z.strictObject({
  version: z.literal(1, { message: 'must be 1 (the only observation format this ci-scaler reads)' }),
  now: isoTime,
  pools: z.record(
    z.string(),
    z.strictObject({
      jobs: z.array(jobSchema).default([]),
      workers: z.array(workerSchema).default([]),
      memory: z.unknown().optional(),
      // Replica pools: the count the service asks for, above its replicas when it could not place some.
      serviceDesired: z.number().int().nonnegative().optional(),
    }),
  ),
});

export interface ObservedPool {
  readonly jobs: readonly Job[];
  readonly workers: readonly Worker[];
  readonly memory: Memory;
  readonly serviceDesired?: number;
}

export interface ObservationFile {
  readonly now: number;
  readonly pools: ReadonlyMap<string, ObservedPool>;
}

function pathOf(parts: readonly PropertyKey[]): string {
  return parts
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');
}

const ms = (iso: string | undefined): { at?: number } => (iso === undefined ? {} : { at: Date.parse(iso) });

function toJob(j: z.infer<typeof jobSchema>): Job {
  const queuedAt = ms(j.queuedAt).at;
  return {
    id: j.id,
    state: j.state,
    labels: j.labels,
    ...(j.kind !== undefined && { kind: j.kind }),
    ...(j.group !== undefined && { group: j.group }),
    ...(queuedAt !== undefined && { queuedAt }),
    ...(j.workerId !== undefined && { workerId: j.workerId }),
  };
}

function toWorker(w: z.infer<typeof workerSchema>): Worker {
  const createdAt = ms(w.createdAt).at;
  const idleSince = ms(w.idleSince).at;
  const protectedUntil = ms(w.protectedUntil).at;
  return {
    id: w.id,
    state: w.state,
    ...(createdAt !== undefined && { createdAt }),
    ...(idleSince !== undefined && { idleSince }),
    ...(w.jobId !== undefined && { jobId: w.jobId }),
    ...(w.capacityClass !== undefined && { capacityClass: w.capacityClass }),
    ...(protectedUntil !== undefined && { protectedUntil }),
  };
}

/** Duplicate ids, and jobId / workerId pairs that tell two different stories. */
function crossCheck(
  pool: string,
  jobs: readonly Job[],
  workers: readonly Worker[],
  problems: Problem[],
): void {
  const at = `pools.${pool}`;
  const seenJobs = new Map<string, number>();
  jobs.forEach((j, i) => {
    if (seenJobs.has(j.id))
      problems.push({
        path: `${at}.jobs[${i}].id`,
        message: `duplicate job id "${j.id}" (also jobs[${seenJobs.get(j.id)}])`,
      });
    seenJobs.set(j.id, i);
  });
  const byWorker = new Map<string, number>();
  workers.forEach((w, i) => {
    if (byWorker.has(w.id))
      problems.push({ path: `${at}.workers[${i}].id`, message: `duplicate worker id "${w.id}"` });
    byWorker.set(w.id, i);
  });
  jobs.forEach((j, i) => {
    if (j.workerId === undefined) return;
    const w = workers[byWorker.get(j.workerId) ?? -1];
    if (w?.jobId !== undefined && w.jobId !== j.id) {
      problems.push({
        path: `${at}.jobs[${i}].workerId`,
        message: `says job "${j.id}" runs on "${j.workerId}", but that worker's jobId is "${w.jobId}"`,
      });
    }
  });
  workers.forEach((w, i) => {
    if (w.jobId === undefined) return;
    const j = jobs[seenJobs.get(w.jobId) ?? -1];
    if (j?.workerId !== undefined && j.workerId !== w.id) {
      problems.push({
        path: `${at}.workers[${i}].jobId`,
        message: `says worker "${w.id}" runs "${w.jobId}", but that job's workerId is "${j.workerId}"`,
      });
    }
  });
}

/** Validates an observation document; every problem is reported at once as `path: message`. */
export function parseObservation(raw: unknown, knownPools: readonly string[]): ObservationFile {
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    throw new InputError(
      'invalid observation',
      parsed.error.issues.map((i) => ({ path: pathOf(i.path), message: i.message })),
    );
  }
  const problems: Problem[] = [];
  const pools = new Map<string, ObservedPool>();
  for (const [name, p] of Object.entries(parsed.data.pools)) {
    if (!knownPools.includes(name)) {
      problems.push({
        path: `pools.${name}`,
        message: `no pool "${name}" in the config (pools: ${knownPools.join(', ')})`,
      });
      continue;
    }
    const jobs = p.jobs.map(toJob);
    const workers = p.workers.map(toWorker);
    crossCheck(name, jobs, workers, problems);
    const memory = parseMemory(p.memory, `pools.${name}.memory`);
    if (!memory.ok) problems.push(...memory.problems);
    else
      pools.set(name, {
        jobs,
        workers,
        memory: memory.memory,
        ...(p.serviceDesired !== undefined && { serviceDesired: p.serviceDesired }),
      });
  }
  if (problems.length > 0) throw new InputError('invalid observation', problems);
  return { now: Date.parse(parsed.data.now), pools };
}
