/**
 * One launch: check the labels, refuse a taken name, store the runner config in SSM, then
 * CreateFleet (instant) per capacity class in order (spot first unless told otherwise),
 * falling back once on capacity errors, and count the outcome in the circuit breakers.
 */
import { CreateFleetCommand, TerminateInstancesCommand } from '@aws-sdk/client-ec2';
import { ProviderError } from '../../core/errors.js';
import type { LaunchSpec, Machine } from '../provider.js';
import {
  CIRCUITS_MEMO_KEY,
  earliestReopen,
  parseCircuits,
  recordOutcomes,
  type CapacityClass,
  type Circuits,
} from './circuit-breaker.js';
import type { Ec2Context } from './context.js';
import { toProviderError } from './ec2-errors.js';
import { fleetInput, slots, usableSlots, type Slot, type Subnet } from './fleet-request.js';
import {
  describeFailures,
  readFleetResult,
  type FleetOutcome,
  type LaunchedInstance,
} from './fleet-result.js';
import { launchShape, type LaunchShape, type ShapeResult } from './instance-selection.js';
import { workerInstances } from './instances.js';
import { deleteRunnerConfig, parameterName, putRunnerConfig } from './runner-config.js';
import { instanceTags, volumeTags } from './tags.js';

/** Worker names become SSM parameter names and tag values. */
const WORKER_NAME = /^[A-Za-z0-9_.-]{1,128}$/;

/** A problem no retry fixes (an invalid `cpu=` label), or undefined. No AWS call. */
export function checkLaunch(ctx: Ec2Context, spec: LaunchSpec): string | undefined {
  const planned = plan(ctx, spec);
  return planned.ok ? undefined : planned.problems.join('; ');
}

function plan(ctx: Ec2Context, spec: LaunchSpec): ShapeResult {
  const shape = launchShape(ctx.config, spec.labels);
  if (shape.ok && !WORKER_NAME.test(spec.name)) {
    return {
      ok: false,
      problems: [`worker name ${JSON.stringify(spec.name)} has characters EC2 tags and SSM names refuse`],
    };
  }
  return shape;
}

export async function launchInstance(ctx: Ec2Context, spec: LaunchSpec): Promise<Machine> {
  const shape = plan(ctx, spec);
  if (!shape.ok) {
    throw new ProviderError(`ec2: cannot launch ${spec.name}: ${shape.problems.join('; ')}`, { status: 400 });
  }
  await refuseTaken(ctx, spec.name);
  const subnets = ctx.config.subnets !== undefined ? await ctx.subnets(ctx.config.subnets) : undefined;
  const parameter = parameterName(ctx.config.ssmPrefix, spec.pool, spec.name);
  await putRunnerConfig(ctx.ssm, { parameter, pool: spec.pool, name: spec.name, env: spec.env });
  let launched: { instance: LaunchedInstance; capacity: CapacityClass };
  try {
    launched = await launchAttempts(ctx, { spec, shape: shape.shape, subnets, parameter });
  } catch (error) {
    // Nothing will read it; a later launch of the name (a retry) must be able to store its own.
    await deleteRunnerConfig(ctx.ssm, parameter).catch((cleanup: unknown) => {
      // housekeep sweeps it later.
      ctx.deps.logger.warn('ec2: could not delete the runner config of a failed launch', {
        parameter,
        error: cleanup instanceof Error ? cleanup.message : String(cleanup),
      });
    });
    throw error;
  }
  const { instance, capacity } = launched;
  // Keys only: the values hold the runner's one-job registration secret.
  ctx.deps.logger.info('ec2: launched instance', {
    pool: spec.pool,
    name: spec.name,
    ...(spec.jobId !== undefined && { jobId: spec.jobId }),
    instanceId: instance.id,
    instanceType: instance.instanceType,
    zone: instance.zone,
    capacityClass: capacity,
    envKeys: Object.keys(spec.env),
  });
  return {
    name: spec.name,
    state: 'starting',
    createdAt: ctx.deps.clock(),
    ...(spec.jobId !== undefined && { jobId: spec.jobId }),
    capacityClass: capacity,
    externalId: instance.id,
  };
}

/** Any pool: the ClientToken derives from the name alone, so a name is taken everywhere. */
async function refuseTaken(ctx: Ec2Context, name: string): Promise<void> {
  const existing = await workerInstances(ctx, name);
  if (existing.length === 0) return;
  const ids = existing.map((i) => i.InstanceId).join(', ');
  throw new ProviderError(`ec2: worker ${name} already exists (${ids})`, {
    alreadyExists: true,
    status: 409,
  });
}

interface Attempt {
  readonly spec: LaunchSpec;
  readonly shape: LaunchShape;
  readonly subnets: readonly Subnet[] | undefined;
  readonly parameter: string;
}

/** An attempt with the circuits as read before its first CreateFleet. */
interface Run extends Attempt {
  readonly circuits: Circuits;
}

function capacityOrder(ctx: Ec2Context, shape: LaunchShape): CapacityClass[] {
  if (shape.onDemandOnly) return ['on-demand'];
  return ctx.config.spot === 'only' ? ['spot'] : ['spot', 'on-demand'];
}

async function launchAttempts(
  ctx: Ec2Context,
  attempt: Attempt,
): Promise<{ instance: LaunchedInstance; capacity: CapacityClass }> {
  const circuits = await readCircuits(ctx);
  const run: Run = { ...attempt, circuits };
  const now = ctx.deps.clock();
  const order = capacityOrder(ctx, attempt.shape);
  const notes: string[] = [];
  for (const [index, capacity] of order.entries()) {
    const all = slots(attempt.shape, attempt.subnets, capacity);
    const usable = usableSlots(all, circuits, now);
    const note =
      usable.length === 0 ? allOpen(circuits, all, capacity) : await tryClass(ctx, run, capacity, usable);
    if (typeof note !== 'string') return { instance: note, capacity };
    notes.push(note);
    const next = order[index + 1];
    if (next !== undefined) {
      ctx.deps.logger.warn(`ec2: no ${capacity} capacity for ${attempt.spec.name}, trying ${next}`, {
        pool: attempt.spec.pool,
        name: attempt.spec.name,
        detail: note,
      });
    }
  }
  throw new ProviderError(`ec2: no capacity for ${attempt.spec.name}: ${notes.join('; ')}`, {
    capacity: true,
    retryable: true,
    status: 503,
  });
}

function allOpen(circuits: Circuits, all: readonly Slot[], capacity: CapacityClass): string {
  const until = earliestReopen(
    circuits,
    all.map((slot) => slot.key),
  );
  return `${capacity}: every instance type and zone is skipped by an open circuit breaker${until !== undefined ? ` until ${until}` : ''}`;
}

/** The launched instance, or a note saying why this class had no capacity; other failures throw. */
async function tryClass(
  ctx: Ec2Context,
  attempt: Run,
  capacity: CapacityClass,
  usable: readonly Slot[],
): Promise<LaunchedInstance | string> {
  const { spec } = attempt;
  const tagInput = {
    pool: spec.pool,
    name: spec.name,
    ...(spec.jobId !== undefined && { jobId: spec.jobId }),
    configParameter: attempt.parameter,
    extra: ctx.config.tags,
  };
  const input = fleetInput({
    config: ctx.config,
    name: spec.name,
    capacity,
    slots: usable,
    prioritized: attempt.shape.instanceTypes.length > 0,
    instanceTags: instanceTags(tagInput),
    volumeTags: volumeTags(tagInput),
  });
  let outcome: FleetOutcome;
  try {
    const result = await ctx.ec2.send(new CreateFleetCommand(input));
    const zones = new Map((attempt.subnets ?? []).map((s) => [s.id, s.zone]));
    outcome = readFleetResult(result, { sent: usable, zones, capacity });
  } catch (error) {
    const mapped = toProviderError(`CreateFleet for ${spec.name}`, error);
    if (mapped.capacity) return `${capacity}: ${mapped.message}`;
    throw mapped;
  }
  await recordCircuits(ctx, outcome, attempt.circuits);
  if (outcome.instance !== undefined) {
    await terminateExtra(ctx, outcome.extra);
    return outcome.instance;
  }
  if (outcome.failures.some((f) => f.kind !== 'other'))
    return `${capacity}: ${describeFailures(outcome.failures)}`;
  const detail =
    outcome.failures.length > 0 ? describeFailures(outcome.failures) : 'no instance and no error';
  throw new ProviderError(`ec2: CreateFleet launched nothing for ${spec.name}: ${detail}`, {
    retryable: outcome.failures.length === 0,
  });
}

/** A memo that cannot be read leaves every circuit closed: better a failed try than no launch. */
async function readCircuits(ctx: Ec2Context): Promise<Circuits> {
  try {
    return parseCircuits(await ctx.deps.memo.get(CIRCUITS_MEMO_KEY));
  } catch (error) {
    ctx.deps.logger.warn('ec2: could not read the circuit breakers; trying every override', {
      error: error instanceof Error ? error.message : String(error),
    });
    return {};
  }
}

/**
 * Failures always count; a success is written only when its circuit had counted something
 * (as read before the launch), so a healthy pool does not write the store on every launch,
 * or when the same launch reported its key failed too: EC2 lists the overrides it could
 * not place beside the one it launched, and under an attribute key (type "*")
 * they share it. recordOutcomes counts such a key as a success.
 */
async function recordCircuits(ctx: Ec2Context, outcome: FleetOutcome, known: Circuits): Promise<void> {
  const failed = outcome.failures.filter((f) => f.kind === 'pool-capacity').map((f) => f.key);
  const key = outcome.instance?.key;
  const succeeded = key !== undefined && (key in known || failed.includes(key)) ? [key] : [];
  if (failed.length === 0 && succeeded.length === 0) return;
  const now = ctx.deps.clock();
  try {
    await ctx.deps.memo.update(CIRCUITS_MEMO_KEY, (current) =>
      recordOutcomes(parseCircuits(current), { failed, succeeded }, now, ctx.config.circuitBreaker),
    );
  } catch (error) {
    ctx.deps.logger.warn('ec2: could not record circuit breaker outcomes', {
      error: error instanceof Error ? error.message : String(error),
    });
  }
}

/** The target is one instance; should EC2 ever return more, the rest would run idle for hours. */
async function terminateExtra(ctx: Ec2Context, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  ctx.deps.logger.warn('ec2: CreateFleet returned more instances than asked; terminating the rest', { ids });
  try {
    await ctx.ec2.send(new TerminateInstancesCommand({ InstanceIds: [...ids] }));
  } catch (error) {
    ctx.deps.logger.error('ec2: could not terminate extra instances', {
      ids,
      error: toProviderError('TerminateInstances', error).message,
    });
  }
}
