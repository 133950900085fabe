/**
 * Task scale-in protection through UpdateTaskProtection: at most 10 tasks per call, the
 * period in whole minutes (1-2880); calling again resets the expiry, which is how a busy
 * task's protection is refreshed. One failed batch never stops the others.
 */
import { UpdateTaskProtectionCommand, type ECSClient } from '@aws-sdk/client-ecs';
import type { ProtectionResult } from '../provider.js';
import { batches, ECS_LIMITS } from './batches.js';
import { toProviderError } from './ecs-errors.js';
import { taskIdOf } from './replica-state.js';
import { failureText } from './service-lookup.js';

type Failed = ProtectionResult['failed'][number];

/** The protection period as UpdateTaskProtection takes it: rounded up, within 1..2880 minutes. */
export function expiresInMinutes(protectionMs: number): number {
  const { min, max } = ECS_LIMITS.protectionMinutes;
  return Math.min(max, Math.max(min, Math.ceil(protectionMs / 60_000)));
}

export interface ProtectionRequest {
  readonly client: ECSClient;
  readonly cluster: string;
  /** The service as configured, for messages. */
  readonly service: string;
  /** The service's tasks as last described: task id -> task ARN. Nothing else is ever sent. */
  readonly members: ReadonlyMap<string, string>;
  readonly ids: readonly string[];
  readonly protect: boolean;
  readonly protectionMs: number;
}

export async function updateProtection(req: ProtectionRequest): Promise<ProtectionResult> {
  const ids = [...new Set(req.ids)];
  const foreign: Failed[] = ids
    .filter((id) => !req.members.has(id))
    .map((id) => ({ id, reason: `not a task of service ${req.service}` }));
  const tasks = ids.flatMap((id) => {
    const arn = req.members.get(id);
    return arn === undefined ? [] : [{ id, arn }];
  });
  const done: string[] = [];
  const failed: Failed[] = [...foreign];
  // One batch after the other: a burst of parallel calls is what ECS throttles first.
  for (const batch of batches(tasks, ECS_LIMITS.updateTaskProtection)) {
    const outcome = await protectBatch(req, batch);
    done.push(...outcome.done);
    failed.push(...outcome.failed);
  }
  return { done, failed };
}

async function protectBatch(
  req: ProtectionRequest,
  batch: readonly { readonly id: string; readonly arn: string }[],
): Promise<ProtectionResult> {
  let answer;
  try {
    answer = await req.client.send(
      new UpdateTaskProtectionCommand({
        cluster: req.cluster,
        tasks: batch.map((t) => t.arn),
        protectionEnabled: req.protect,
        ...(req.protect && { expiresInMinutes: expiresInMinutes(req.protectionMs) }),
      }),
    );
  } catch (error) {
    const what = `${req.protect ? 'protecting' : 'unprotecting'} ${batch.length} tasks of ${req.service}`;
    const reason = toProviderError(what, error).message;
    return { done: [], failed: batch.map((t) => ({ id: t.id, reason })) };
  }
  const done: string[] = [];
  const failed: Failed[] = [];
  const sent = new Set(batch.map((t) => t.id));
  const answered = new Set<string>();
  for (const p of answer.protectedTasks ?? []) {
    const id = taskIdOf(p.taskArn ?? '');
    if (!sent.has(id)) continue;
    answered.add(id);
    if (p.protectionEnabled === req.protect) done.push(id);
    else failed.push({ id, reason: `ECS reports protection ${p.protectionEnabled ? 'on' : 'off'}` });
  }
  for (const f of answer.failures ?? []) {
    const id = taskIdOf(f.arn ?? '');
    if (!sent.has(id)) continue;
    answered.add(id);
    failed.push({ id, reason: failureText(f) });
  }
  for (const t of batch) {
    if (!answered.has(t.id)) failed.push({ id: t.id, reason: 'ECS did not report on this task' });
  }
  return { done, failed };
}
