import { ConflictError, ProviderError, errorMessage } from '../core/errors.js';
import { toIso } from '../core/time.js';
import type { Action, Decision, LaunchTarget } from '../core/types.js';
import type { StateStore } from '../state/store.js';
import type { Logger } from '../telemetry/logger.js';
import { maskSecrets } from '../telemetry/mask-secrets.js';
import { claimKey } from './pool-doc.js';
import type { EphemeralProvider, LaunchSpec } from '../providers/provider.js';
import type { WorkerCredentials } from '../sources/source.js';
import { ephemeralOf, replicaOf, type PoolRuntime } from './pool-runtime.js';
import { applyReplicaAction } from './replica-executor.js';

export type OutcomeResult = 'ok' | 'failed' | 'skipped';

export interface Outcome {
  /** An action's type, or `rerun` for a job re-run after its worker was taken back. */
  readonly type: Action['type'] | 'rerun';
  /** Worker name or id the action was about. */
  readonly target: string;
  readonly result: OutcomeResult;
  readonly detail: string;
  readonly jobId?: string;
  /**
   * A launch that wrote its name's claim, whatever came of it: the claim is indexed so a
   * reconcile deletes it after CLAIM_RETENTION_MS (claim-index.ts), failed launches too.
   */
  readonly claimed?: true;
}

export interface ExecutorContext {
  readonly runtime: PoolRuntime;
  readonly store: StateStore;
  readonly clock: () => number;
  readonly logger: Logger;
  /** Receives every secret a launch produces (JIT configs) before anything could print it. */
  readonly maskSecret: (value: string) => void;
  /** The config's secrets, masked in every outcome detail (EngineDeps.secrets). */
  readonly secrets: readonly string[];
}

/**
 * Outcomes with the config's secrets masked in their details: a provider may echo what it
 * was given (Docker quotes an env entry it refuses, and an agent's env holds its token).
 */
export function maskedOutcomes(outcomes: readonly Outcome[], secrets: readonly string[]): Outcome[] {
  return outcomes.map((o) => {
    const detail = maskSecrets(o.detail, secrets);
    return detail === o.detail ? o : { ...o, detail };
  });
}

/** Create-if-absent claim of a worker name, so two processes never launch for one job twice. */
async function claim(ctx: ExecutorContext, target: LaunchTarget): Promise<boolean> {
  if (!ctx.store.capabilities.has('compare-and-set')) return true;
  const at = toIso(ctx.clock());
  try {
    await ctx.store.put(
      claimKey(ctx.runtime.policy.name, target.name),
      { jobId: target.jobId ?? null, at },
      0,
    );
    return true;
  } catch (err) {
    if (err instanceof ConflictError) return false;
    throw err;
  }
}

async function launchOne(
  ctx: ExecutorContext,
  provider: EphemeralProvider,
  target: LaunchTarget,
): Promise<Outcome> {
  const base = {
    type: 'launch' as const,
    target: target.name,
    ...(target.jobId !== undefined && { jobId: target.jobId }),
  };
  const { policy } = ctx.runtime;
  const spec: LaunchSpec = {
    pool: policy.name,
    name: target.name,
    env: {},
    ...(target.jobId !== undefined && { jobId: target.jobId }),
    ...(target.labels !== undefined && { labels: target.labels }),
  };
  // A launch no retry can fix (an invalid label) is refused before anything is registered.
  const problem = provider.checkLaunch?.(spec);
  if (problem !== undefined) return { ...base, result: 'failed', detail: problem };
  const registered = await claimAndRegister(ctx, target);
  if (!('creds' in registered)) return { ...base, ...registered };
  const { env, secrets } = registered.creds;
  const claimedBase = { ...base, claimed: true } as const;
  try {
    await provider.launch({ ...spec, env });
    return { ...claimedBase, result: 'ok', detail: 'launched' };
  } catch (err) {
    // The detail goes to history, the status page and API answers, which the logger's
    // masking does not reach; a provider may echo what it was given (Docker quotes an env
    // entry it refuses), so the launch's own secrets are masked here.
    const detail = maskSecrets(errorMessage(err), secrets);
    return { ...claimedBase, result: 'failed', detail: `${detail}${await withdraw(ctx, target.name)}` };
  }
}

type Registered =
  | { readonly creds: WorkerCredentials; readonly claimed: true }
  | { readonly result: OutcomeResult; readonly detail: string; readonly claimed?: true };

/**
 * The claim and the registration run together: both refuse a second launch of the name
 * (GitHub answers 409), so neither waits for the other. Both are awaited, and a
 * registration made for a launch that does not go ahead (the claim was lost to another
 * process, or could not be written) is withdrawn: left, it would count as booting until
 * bootTimeout, and its job would get no worker for that long.
 */
async function claimAndRegister(ctx: ExecutorContext, target: LaunchTarget): Promise<Registered> {
  const { policy, source } = ctx.runtime;
  const [claimed, registered] = await Promise.allSettled([
    claim(ctx, target),
    source.register(policy, target),
  ]);
  const ours = claimed.status === 'fulfilled' && claimed.value;
  const mark = ours ? ({ claimed: true } as const) : {};
  if (registered.status === 'rejected') {
    const err: unknown = registered.reason;
    if (err instanceof ProviderError && err.alreadyExists)
      return { result: 'skipped', detail: 'already launched', ...mark };
    return { result: 'failed', detail: errorMessage(err), ...mark };
  }
  for (const secret of registered.value.secrets) ctx.maskSecret(secret);
  if (ours) return { creds: registered.value, claimed: true };
  const withdrawn = await withdraw(ctx, target.name);
  if (claimed.status === 'fulfilled')
    return { result: 'skipped', detail: `already claimed by another launch${withdrawn}` };
  return {
    result: 'failed',
    detail: `claiming the name failed: ${errorMessage(claimed.reason)}${withdrawn}`,
  };
}

/**
 * A registration with no machine counts as booting (a launch in flight elsewhere looks
 * the same) until bootTimeout: the job would get no new worker for that long. It is
 * withdrawn at once; a registration that is busy after all (the machine did start)
 * stays. Says what happened, for the detail.
 */
async function withdraw(ctx: ExecutorContext, name: string): Promise<string> {
  try {
    const result = await ctx.runtime.source.deregister(ctx.runtime.policy, name);
    return result === 'busy' ? '; its registration is busy: kept' : '; registration withdrawn';
  } catch (err) {
    return `; withdrawing its registration failed too (${errorMessage(err)}): it counts as booting until bootTimeout`;
  }
}

/** ARCHITECTURE.md's safe order: the registration goes first; a busy answer aborts the removal. */
async function terminateOne(
  ctx: ExecutorContext,
  provider: EphemeralProvider,
  workerId: string,
): Promise<Outcome> {
  const base = { type: 'terminate' as const, target: workerId };
  const { policy, source } = ctx.runtime;
  try {
    const deregistered = await source.deregister(policy, workerId);
    if (deregistered === 'busy')
      return { ...base, result: 'skipped', detail: 'runner is busy: removal aborted' };
    await provider.terminate(policy, workerId);
    return {
      ...base,
      result: 'ok',
      detail: deregistered === 'removed' ? 'deregistered and removed' : 'removed',
    };
  } catch (err) {
    return { ...base, result: 'failed', detail: errorMessage(err) };
  }
}

async function applyAction(ctx: ExecutorContext, action: Action, decision: Decision): Promise<Outcome[]> {
  const unit = replicaOf(ctx.runtime);
  if (unit !== undefined) {
    // decide() puts a count after the stops it goes with (decide.ts replicaActions).
    const countFollows = decision.actions.some((a) => a.type === 'set-desired');
    return applyReplicaAction(ctx, unit, action, countFollows);
  }
  const provider = ephemeralOf(ctx.runtime);
  if (provider !== undefined && action.type === 'launch')
    return Promise.all(action.for.map((t) => launchOne(ctx, provider, t)));
  if (provider !== undefined && action.type === 'terminate')
    return [await terminateOne(ctx, provider, action.workerId)];
  const detail = `provider ${ctx.runtime.provider.type} has no replica service to ${action.type}`;
  return [{ type: action.type, target: ctx.runtime.policy.name, result: 'failed', detail }];
}

/**
 * Applies every action of a decision. One failure never stops the others: each action's
 * outcome is returned for the history, and errors never escape as exceptions.
 */
export async function execute(ctx: ExecutorContext, decision: Decision): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const action of decision.actions) {
    const results = maskedOutcomes(await applyAction(ctx, action, decision), ctx.secrets);
    for (const o of results) {
      const fields = { pool: decision.pool, result: o.result };
      if (o.result === 'failed') ctx.logger.warn(`${o.type} ${o.target}: ${o.detail}`, fields);
      else ctx.logger.info(`${o.type} ${o.target}: ${o.detail}`, fields);
    }
    outcomes.push(...results);
  }
  return outcomes;
}
