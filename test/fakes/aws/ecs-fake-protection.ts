/**
 * Task scale-in protection in the ECS fake: GetTaskProtection (up to 100 tasks) and
 * UpdateTaskProtection (up to 10 tasks, `expiresInMinutes` 1-2880, default 120; service
 * tasks only), with per-task failures a test can inject.
 */
import type {
  Failure,
  GetTaskProtectionCommandInput,
  GetTaskProtectionCommandOutput,
  ProtectedTask,
  UpdateTaskProtectionCommandInput,
  UpdateTaskProtectionCommandOutput,
} from '@aws-sdk/client-ecs';
import { ecsErrors } from './ecs-fake-errors.js';
import { limit, type Answer } from './ecs-fake-handlers.js';
import type { EcsFakeState, FakeTask } from './ecs-fake-state.js';

const DEFAULT_MINUTES = 120;

export function protectionShape(state: EcsFakeState, t: FakeTask): ProtectedTask {
  const on = state.isProtected(t);
  return {
    taskArn: t.arn,
    protectionEnabled: on,
    ...(on && t.protection !== undefined && { expirationDate: new Date(t.protection.expiresAt) }),
  };
}

/** Why ECS would refuse protection for `ref`, or the task. */
function protectable(state: EcsFakeState, cluster: string, ref: string): FakeTask | Failure {
  const t = state.findTask(cluster, ref);
  if (t === undefined) return { arn: ref, reason: 'MISSING' };
  // ECS: "only supported for tasks belonging to an Amazon ECS service ... TASK_NOT_VALID".
  if (t.service === undefined) return { arn: t.arn, reason: 'TASK_NOT_VALID' };
  return t;
}

export function getTaskProtection(
  state: EcsFakeState,
  input: GetTaskProtectionCommandInput,
): Answer<GetTaskProtectionCommandOutput> {
  const cluster = state.cluster(input.cluster);
  limit('tasks', input.tasks, 100);
  const out = { protectedTasks: [] as ProtectedTask[], failures: [] as Failure[] };
  for (const ref of input.tasks ?? []) {
    const t = protectable(state, cluster.name, ref);
    if ('id' in t) out.protectedTasks.push(protectionShape(state, t));
    else out.failures.push(t);
  }
  return out;
}

export function updateTaskProtection(
  state: EcsFakeState,
  input: UpdateTaskProtectionCommandInput,
  injected: ReadonlyMap<string, string>,
): Answer<UpdateTaskProtectionCommandOutput> {
  const cluster = state.cluster(input.cluster);
  limit('tasks', input.tasks, 10);
  if (typeof input.protectionEnabled !== 'boolean')
    throw ecsErrors.invalidParameter('protectionEnabled is required.');
  const minutes = input.expiresInMinutes ?? DEFAULT_MINUTES;
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 2880) {
    throw ecsErrors.invalidParameter('expiresInMinutes must be between 1 and 2880.');
  }
  const out = { protectedTasks: [] as ProtectedTask[], failures: [] as Failure[] };
  for (const ref of input.tasks ?? []) {
    const t = protectable(state, cluster.name, ref);
    if (!('id' in t)) {
      out.failures.push(t);
      continue;
    }
    const reason = injected.get(t.id);
    if (reason !== undefined) {
      out.failures.push({ arn: t.arn, reason, detail: 'injected by the test' });
      continue;
    }
    if (input.protectionEnabled)
      t.protection = { enabled: true, expiresAt: state.clock() + minutes * 60_000 };
    else delete t.protection;
    out.protectedTasks.push(protectionShape(state, t));
  }
  return out;
}
