import { decide } from '../../core/decide.js';
import { routeJobs, type SeenJob } from '../../core/route.js';
import type { Action, Decision, Memory, PoolPolicy } from '../../core/types.js';
import type { ObservationFile } from './observation-file.js';

/** One pool's part of the `plan --json` output, format version 1. */
export interface PoolPlan {
  readonly desired: number;
  readonly launch: number;
  readonly launchFor: readonly string[];
  readonly terminate: readonly string[];
  readonly actions: readonly Action[];
  readonly reason: string;
  readonly memory: Memory;
}

export interface PlanOutput {
  readonly version: 1;
  readonly pools: Readonly<Record<string, PoolPlan>>;
  /** Queued jobs that match no observed pool (rule 7): reported, never dropped. */
  readonly unmatched: readonly string[];
}

function summarise(d: Decision): PoolPlan {
  let launch = 0;
  const launchFor: string[] = [];
  const terminate: string[] = [];
  for (const a of d.actions) {
    if (a.type === 'launch') {
      launch += a.count;
      for (const t of a.for) if (t.jobId !== undefined) launchFor.push(t.jobId);
    }
    if (a.type === 'terminate') terminate.push(a.workerId);
  }
  return {
    desired: d.desired,
    launch,
    launchFor,
    terminate,
    actions: d.actions,
    reason: d.reason,
    memory: d.memory,
  };
}

/**
 * `ci-scaler plan`: decide() for every observed pool, with no I/O. A job listed under
 * several pools counts once, in the pool rule 7 gives it to.
 */
export function plan(file: ObservationFile, policies: readonly PoolPolicy[]): PlanOutput {
  const observed = policies.filter((p) => file.pools.has(p.name));
  const seen: SeenJob[] = observed.flatMap((p) =>
    (file.pools.get(p.name)?.jobs ?? []).map((job) => ({ job, seenBy: [p.name] })),
  );
  const routing = routeJobs(
    observed.map((p) => ({
      policy: p,
      workerIds: new Set((file.pools.get(p.name)?.workers ?? []).map((w) => w.id)),
    })),
    seen,
  );
  const pools: Record<string, PoolPlan> = {};
  for (const policy of observed) {
    const pool = file.pools.get(policy.name);
    if (pool === undefined) continue;
    const jobs = routing.jobs.get(policy.name) ?? [];
    pools[policy.name] = summarise(decide({ ...pool, now: file.now, jobs }, policy));
  }
  return { version: 1, pools, unmatched: routing.unmatched.map((j) => j.id) };
}

/** The human form of a plan: one block per pool. */
export function formatPlan(out: PlanOutput): string {
  const lines: string[] = [];
  for (const [name, p] of Object.entries(out.pools)) {
    lines.push(`${name}: desired ${p.desired}, launch ${p.launch}, terminate ${p.terminate.length}`);
    lines.push(`  ${p.reason}`);
    for (const a of p.actions) lines.push(`  - ${a.type}: ${a.reason}`);
  }
  if (out.unmatched.length > 0)
    lines.push(`unmatched queued jobs (no pool fits their labels): ${out.unmatched.join(', ')}`);
  return lines.join('\n');
}
