/**
 * The tasks of one service: ListTasks (every page), DescribeTasks in batches of 100, and
 * GetTaskProtection in batches of 100 (both take "up to 100 task IDs or full ARN entries").
 */
import {
  DescribeTasksCommand,
  GetTaskProtectionCommand,
  paginateListTasks,
  type ECSClient,
  type Failure,
  type ProtectedTask,
  type Task,
} from '@aws-sdk/client-ecs';
import { ProviderError } from '../../core/errors.js';
import { batches, ECS_LIMITS } from './batches.js';
import { ecsCall } from './ecs-errors.js';
import { failureText } from './service-lookup.js';

export type DescribedTask = Task & { readonly taskArn: string };

/** ARNs of the service's tasks that ECS keeps running (desiredStatus RUNNING), every page. */
export async function listTaskArns(
  client: ECSClient,
  cluster: string,
  serviceName: string,
): Promise<string[]> {
  return ecsCall(`listing tasks of service ${serviceName} in ${cluster}`, async () => {
    const arns: string[] = [];
    const pages = paginateListTasks(
      { client, pageSize: ECS_LIMITS.listTasksPage },
      { cluster, serviceName, desiredStatus: 'RUNNING' },
    );
    for await (const page of pages) arns.push(...(page.taskArns ?? []));
    return arns;
  });
}

/**
 * The tasks behind `arns`. A task ECS answers MISSING for stopped and went away between
 * the listing and this call: it is left out. Any other failure is an error.
 */
export async function describeTasks(
  client: ECSClient,
  cluster: string,
  arns: readonly string[],
): Promise<DescribedTask[]> {
  const out: DescribedTask[] = [];
  for (const batch of batches(arns, ECS_LIMITS.describeTasks)) {
    const answer = await ecsCall(`describing ${batch.length} tasks in ${cluster}`, () =>
      client.send(new DescribeTasksCommand({ cluster, tasks: batch })),
    );
    const failed = (answer.failures ?? []).filter((f) => f.reason !== 'MISSING');
    if (failed.length > 0) {
      throw new ProviderError(`ecs: describing tasks in ${cluster} failed for ${describeFailures(failed)}`);
    }
    for (const task of answer.tasks ?? []) {
      if (task.taskArn !== undefined) out.push({ ...task, taskArn: task.taskArn });
    }
  }
  return out;
}

export interface Protections {
  readonly byArn: ReadonlyMap<string, ProtectedTask>;
  /** Tasks whose protection ECS could not report, with why. */
  readonly failures: readonly Failure[];
}

export async function taskProtections(
  client: ECSClient,
  cluster: string,
  arns: readonly string[],
): Promise<Protections> {
  const byArn = new Map<string, ProtectedTask>();
  const failures: Failure[] = [];
  for (const batch of batches(arns, ECS_LIMITS.getTaskProtection)) {
    const answer = await ecsCall(`reading the protection of ${batch.length} tasks in ${cluster}`, () =>
      client.send(new GetTaskProtectionCommand({ cluster, tasks: batch })),
    );
    for (const p of answer.protectedTasks ?? []) if (p.taskArn !== undefined) byArn.set(p.taskArn, p);
    failures.push(...(answer.failures ?? []));
  }
  return { byArn, failures };
}

function describeFailures(failures: readonly Failure[]): string {
  return failures.map((f) => `${f.arn ?? '?'} (${failureText(f)})`).join(', ');
}
