import { errorMessage } from '../core/errors.js';
import { guardScaleIn } from '../core/scale-in-guard.js';
import type { Action, Worker } from '../core/types.js';
import type { ReplicaService } from '../providers/provider.js';
import type { ExecutorContext, Outcome } from './executor.js';
import { joinService, serviceOf } from './observe.js';
import type { ReplicaUnit } from './pool-runtime.js';

type ProtectAction = Extract<Action, { type: 'protect' | 'unprotect' }>;

/** One outcome per replica whose call failed, one for all that succeeded. */
async function protection(
  ctx: ExecutorContext,
  unit: ReplicaUnit,
  action: ProtectAction,
): Promise<Outcome[]> {
  const on = action.type === 'protect';
  try {
    const r = await unit.provider.setProtection(ctx.runtime.policy, unit.service, action.workerIds, on);
    const outcomes: Outcome[] = r.failed.map((f) => ({
      type: action.type,
      target: f.id,
      result: 'failed',
      detail: f.reason,
    }));
    if (r.done.length > 0) {
      const detail = on ? 'scale-in protection on' : 'scale-in protection off';
      outcomes.push({ type: action.type, target: r.done.join(', '), result: 'ok', detail });
    }
    return outcomes;
  } catch (err) {
    return action.workerIds.map((id) => ({
      type: action.type,
      target: id,
      result: 'failed',
      detail: errorMessage(err),
    }));
  }
}

/** The service and its replicas joined with the agents, read afresh: the check before acting. */
async function readAgain(
  ctx: ExecutorContext,
  unit: ReplicaUnit,
): Promise<{ service: ReplicaService; workers: Worker[] }> {
  const { policy, source } = ctx.runtime;
  const [services, snapshot] = await Promise.all([unit.provider.describe(policy), source.snapshot(policy)]);
  const service = serviceOf(services, unit);
  return { service, workers: joinService(service, snapshot) };
}

/**
 * Sets a service's count. A lower count goes through the check again of ARCHITECTURE.md:
 * the service and the source are read once more after protection, and the count is kept
 * wherever a busy replica could be the one the service removes.
 */
async function setDesired(ctx: ExecutorContext, unit: ReplicaUnit, requested: number): Promise<Outcome> {
  const { policy } = ctx.runtime;
  const base = { type: 'set-desired' as const, target: unit.service };
  try {
    const { service, workers } = await readAgain(ctx, unit);
    const now = ctx.clock();
    const busy = new Set(workers.filter((w) => w.state === 'busy').map((w) => w.id));
    const guarded = guardScaleIn(requested, service.desired, service.replicas, busy, now);
    const held = guarded.held === undefined ? '' : ` (held: ${guarded.held})`;
    if (guarded.desired === service.desired)
      return { ...base, result: 'skipped', detail: `desired stays ${service.desired}${held}` };
    await unit.provider.setDesired(policy, unit.service, guarded.desired);
    return { ...base, result: 'ok', detail: `desired ${service.desired} -> ${guarded.desired}${held}` };
  } catch (err) {
    return { ...base, result: 'failed', detail: errorMessage(err) };
  }
}

/**
 * Stops a replica that decide() found broken or past maxLifetime. Unlike a runner's
 * registration, an agent has no call that refuses while it is busy, so the service and
 * the source are read once more first: a replica that took a job since is left running.
 */
async function stop(
  ctx: ExecutorContext,
  unit: ReplicaUnit,
  id: string,
  countFollows: boolean,
): Promise<Outcome> {
  const base = { type: 'terminate' as const, target: id };
  try {
    const fresh = (await readAgain(ctx, unit)).workers.find((w) => w.id === id);
    if (fresh === undefined) return { ...base, result: 'skipped', detail: 'no longer in the service' };
    if (fresh.state === 'busy')
      return { ...base, result: 'skipped', detail: 'took a job since: left running' };
    await unit.provider.stopReplica(ctx.runtime.policy, unit.service, id, countFollows);
    return { ...base, result: 'ok', detail: 'stopped' };
  } catch (err) {
    return { ...base, result: 'failed', detail: errorMessage(err) };
  }
}

/** The executor's half for replica services: protection, counts and stopping broken replicas. */
export async function applyReplicaAction(
  ctx: ExecutorContext,
  unit: ReplicaUnit,
  action: Action,
  /** The decision sets the count after its stops. */
  countFollows: boolean,
): Promise<Outcome[]> {
  switch (action.type) {
    case 'protect':
    case 'unprotect':
      return protection(ctx, unit, action);
    case 'set-desired':
      return [await setDesired(ctx, unit, action.desired)];
    case 'terminate':
      return [await stop(ctx, unit, action.workerId, countFollows)];
    case 'launch': {
      const detail = 'replica services scale by count, not by launch';
      return [{ type: 'launch', target: unit.service, result: 'failed', detail }];
    }
  }
}
