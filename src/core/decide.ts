import { countDemand, type Demand } from './demand.js';
import { desiredCount } from './desired.js';
import { assessWorkers, type Health } from './hygiene.js';
import { protectionDue, protectionOn } from './join-replicas.js';
import { describeState, listIds, type Counts } from './reason.js';
import { planScaleIn, type ScaleIn } from './scale-in.js';
import { attemptsUsed, exhaustedJobs, launchedFor, planScaleUp, type ScaleUp } from './scale-up.js';
import { idRecord, ownValue } from './id-record.js';
import { isoOnce } from './time.js';
import type { Action, Decision, Memory, PoolObservation, PoolPolicy, Worker } from './types.js';

function countStates(workers: readonly Worker[]): Counts {
  let busy = 0;
  let idle = 0;
  let booting = 0;
  for (const w of workers) {
    if (w.state === 'busy') busy += 1;
    else if (w.state === 'idle') idle += 1;
    else if (w.state === 'booting') booting += 1;
  }
  return { busy, idle, booting };
}

/**
 * Attempts of jobs still queued, plus this decision's launches; bounded by what is observed.
 * A job that started needs no count: nothing is launched for it again (a re-run is a new
 * job), and a busy pool's map would otherwise hold every running job as well.
 */
function nextAttempts(
  obs: PoolObservation,
  up: ScaleUp,
  policy: PoolPolicy,
): Readonly<Record<string, number>> {
  // Replicas are not started for a job, so there is nothing to count or retry.
  if (policy.capacity === 'replica') return {};
  const complete = obs.complete ?? true;
  const before = obs.memory.attempts ?? {};
  // The fast path keeps every attempt: with no launch the map is the same, and is not copied
  // (one event in a busy pool would otherwise copy hundreds of entries).
  if (!complete && up.targets.length === 0) return before;
  const attempts = complete ? idRecord<number>() : idRecord(before);
  let kept = 0;
  const stored = Object.keys(before).length;
  // The stored map is small (jobs launched for and not yet started); the jobs are many.
  if (complete && stored > 0)
    for (const j of obs.jobs) {
      const n = j.state === 'queued' ? ownValue(before, j.id) : undefined;
      if (n !== undefined && !Object.hasOwn(attempts, j.id)) {
        attempts[j.id] = n;
        if (++kept === stored) break;
      }
    }
  const dropped = complete && kept < stored;
  // Unchanged: the stored map itself, so the memory is seen as unchanged by identity.
  if (!dropped && up.targets.length === 0) return before;
  for (const t of up.targets) if (t.jobId !== undefined) attempts[t.jobId] = t.attempt;
  return attempts;
}

function nextMemory(
  obs: PoolObservation,
  policy: PoolPolicy,
  up: ScaleUp,
  down: ScaleIn,
  nowIso: () => string,
): Memory {
  const complete = obs.complete ?? true;
  const attempts = nextAttempts(obs, up, policy);
  let lastScaleEvent = obs.memory.lastScaleEvent;
  if (up.targets.length > 0) lastScaleEvent = { at: nowIso(), direction: 'up' };
  if (down.victims.length > 0) lastScaleEvent = { at: nowIso(), direction: 'down' };
  // The fast path sees part of the pool: it must not restart the scale-in clock.
  const aboveTargetSince = complete ? down.aboveTargetSince : obs.memory.aboveTargetSince;
  const m = obs.memory;
  // Unchanged memory is handed back as it came, so callers see "nothing changed" by identity.
  const hasAttempts = Object.keys(attempts).length > 0;
  if (
    m.lastScaleEvent === lastScaleEvent &&
    m.aboveTargetSince === aboveTargetSince &&
    m.demandSince === up.demandSince &&
    (hasAttempts ? m.attempts === attempts : m.attempts === undefined)
  )
    return m;
  return {
    version: 1,
    ...(lastScaleEvent && { lastScaleEvent }),
    ...(aboveTargetSince !== undefined && { aboveTargetSince }),
    ...(up.demandSince !== undefined && { demandSince: up.demandSince }),
    ...(hasAttempts && { attempts }),
  };
}

function ephemeralActions(up: ScaleUp, down: ScaleIn): Action[] {
  const actions: Action[] = [];
  if (up.targets.length > 0) {
    const forJobs = up.targets.flatMap((t) => (t.jobId === undefined ? [] : [t.jobId]));
    const why = forJobs.length > 0 ? `for ${listIds(forJobs)}` : 'for warm/min capacity';
    actions.push({
      type: 'launch',
      count: up.targets.length,
      for: up.targets,
      reason: `launch ${up.targets.length} ${why}`,
    });
  }
  for (const v of down.victims) {
    actions.push({
      type: 'terminate',
      workerId: v.id,
      hygiene: false,
      reason: `scale in: ${v.id} idle above desired`,
    });
  }
  return actions;
}

/**
 * Tasks the service was asked for and has not placed (no capacity). Left in its count,
 * they would start once capacity comes back, however long the demand has been gone. A
 * count below the replicas (protected ones keep it from lowering) counts as none.
 */
function unplacedTasks(health: Health, obs: PoolObservation): number {
  // Only a full observation reads the service; a fast path's picture of it may be stale.
  if (obs.complete === false || obs.serviceDesired === undefined) return 0;
  return Math.max(0, obs.serviceDesired - health.healthy.length - health.removals.length);
}

/**
 * Replica services scale by count; busy replicas are protected before any lowering
 * (ARCHITECTURE.md). The count the service has now is its healthy replicas, those stopped
 * by hygiene (the service starts a replacement for each unless the count drops, so the
 * count is set after them even when the healthy ones stay as they are) and the tasks it
 * has not placed.
 */
function replicaActions(health: Health, up: ScaleUp, down: ScaleIn, now: number, unplaced: number): Action[] {
  const actions: Action[] = [];
  const { healthy } = health;
  const unguarded = healthy.filter((w) => w.state === 'busy' && protectionDue(w, now)).map((w) => w.id);
  if (unguarded.length > 0)
    actions.push({ type: 'protect', workerIds: unguarded, reason: 'busy replicas keep scale-in protection' });
  const released = down.victims.filter((w) => protectionOn(w, now)).map((w) => w.id);
  if (released.length > 0)
    actions.push({ type: 'unprotect', workerIds: released, reason: 'idle replicas chosen for scale-in' });
  const current = healthy.length + health.removals.length + unplaced;
  const next = healthy.length + up.targets.length - down.victims.length;
  if (next !== current)
    actions.push({ type: 'set-desired', desired: next, reason: `replicas ${current} -> ${next}` });
  return actions;
}

function summary(capacity: number, desired: number, up: ScaleUp, down: ScaleIn, health: Health): string {
  const parts: string[] = [];
  if (up.targets.length > 0) parts.push(`scale up ${capacity} -> ${capacity + up.targets.length}`);
  else if (down.victims.length > 0) parts.push(`scale in ${capacity} -> ${capacity - down.victims.length}`);
  else if (up.held > 0) parts.push(`hold at ${capacity}: ${up.held} to launch after scaleUp.after`);
  else if (down.heldBecause !== undefined) parts.push(`hold at ${capacity}: ${down.heldBecause}`);
  else parts.push(`steady at ${capacity} (desired ${desired})`);
  if (health.removals.length > 0)
    parts.push(`remove ${listIds(health.removals.map((r) => r.workerId))} (hygiene)`);
  return parts.join('; ');
}

interface Plan {
  readonly health: Health;
  readonly demand: Demand;
  readonly counts: Counts;
  readonly desired: number;
  readonly up: ScaleUp;
  readonly down: ScaleIn;
  readonly exhausted: readonly string[];
}

function plan(obs: PoolObservation, policy: PoolPolicy, nowIso: () => string): Plan {
  const health = assessWorkers(obs, policy);
  const used = attemptsUsed(obs.memory, obs.workers, policy.name);
  const live = launchedFor(health.healthy);
  const exhausted = exhaustedJobs(obs.jobs, live, used, policy);
  const demand = countDemand(obs.jobs, policy, exhausted);
  const counts = countStates(health.healthy);
  const desired = desiredCount(policy, demand, counts.busy);
  const capacity = health.healthy.length;
  const base = { desired, memory: obs.memory, policy, now: obs.now, nowIso };
  const complete = obs.complete ?? true;
  const up = planScaleUp({ ...base, capacity, demand, live, used, complete });
  const down: ScaleIn = complete
    ? planScaleIn({ ...base, healthy: health.healthy })
    : { victims: [], aboveTargetSince: obs.memory.aboveTargetSince };
  return { health, demand, counts, desired, up, down, exhausted: [...exhausted] };
}

/**
 * The decision rules of ../shared/ARCHITECTURE.md for one pool. Pure: the same
 * observation and policy always give the same decision.
 */
export function decide(obs: PoolObservation, policy: PoolPolicy): Decision {
  // Formatted once, and only when a clock in the memory moves (most decisions move none).
  const nowIso = isoOnce(obs.now);
  const p = plan(obs, policy, nowIso);
  const capacity = p.health.healthy.length;
  const state = describeState(p.demand, p.counts, policy);
  const exhaustedNote =
    p.exhausted.length > 0 ? `; gave up on ${listIds(p.exhausted)} after ${policy.maxAttempts} launches` : '';
  const lifetimeNote =
    p.health.overLifetimeBusy.length > 0
      ? `; busy past maxLifetime: ${listIds(p.health.overLifetimeBusy)}`
      : '';
  const unplaced = policy.capacity === 'replica' ? unplacedTasks(p.health, obs) : 0;
  const unplacedNote = unplaced > 0 ? `; ${unplaced} asked of the service and not placed` : '';
  const reason = `${summary(capacity, p.desired, p.up, p.down, p.health)}: ${state}${exhaustedNote}${lifetimeNote}${unplacedNote}`;
  const report = {
    pool: policy.name,
    desired: p.desired,
    exhausted: p.exhausted,
    overLifetimeBusy: p.health.overLifetimeBusy,
  };
  if (policy.mode === 'disabled') {
    return {
      ...report,
      actions: [],
      memory: obs.memory,
      reason: `disabled (observe only), would: ${reason}`,
    };
  }
  const scaling =
    policy.capacity === 'replica'
      ? replicaActions(p.health, p.up, p.down, obs.now, unplaced)
      : ephemeralActions(p.up, p.down);
  return {
    ...report,
    actions: [...p.health.removals, ...scaling],
    memory: nextMemory(obs, policy, p.up, p.down, nowIso),
    reason,
    ...(p.down.heldBy !== undefined && { scaleInHeldBy: p.down.heldBy }),
    ...(p.up.held > 0 &&
      p.up.demandSince !== undefined && {
        launchDueAt: Date.parse(p.up.demandSince) + policy.scaleUpAfterMs,
      }),
  };
}
