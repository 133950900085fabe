/** One configured service as a ReplicaService: its counts, its tasks, their protection. */
import type { ECSClient } from '@aws-sdk/client-ecs';
import type { EcsServiceConfig } from '../../config/ecs-schema.js';
import type { Logger } from '../../telemetry/logger.js';
import type { ReplicaService } from '../provider.js';
import { taskIdOf, toReplica } from './replica-state.js';
import type { FoundService } from './service-lookup.js';
import { describeTasks, listTaskArns, taskProtections } from './service-tasks.js';

export interface ReplicaRead {
  readonly client: ECSClient;
  readonly cluster: string;
  readonly logger: Logger;
  readonly now: number;
  /** How long a protection without a reported expiry is taken to last. */
  readonly protectionMs: number;
}

export interface DescribedReplicas {
  readonly service: ReplicaService;
  /** Task id -> task ARN of every task described: the only ids later calls may send. */
  readonly members: ReadonlyMap<string, string>;
}

export async function describeServiceReplicas(
  read: ReplicaRead,
  config: EcsServiceConfig,
  found: FoundService,
): Promise<DescribedReplicas> {
  const arns = await listTaskArns(read.client, read.cluster, found.serviceName);
  const tasks = await describeTasks(read.client, read.cluster, arns);
  const protections = await taskProtections(
    read.client,
    read.cluster,
    tasks.map((t) => t.taskArn),
  );
  if (protections.failures.length > 0) {
    // Shown as unprotected: the engine protects busy replicas again before any scale-in.
    read.logger.warn('ecs: could not read the protection of some tasks', {
      cluster: read.cluster,
      service: config.name,
      tasks: protections.failures.map((f) => ({ task: taskIdOf(f.arn ?? ''), reason: f.reason })),
    });
  }
  const fallbackUntil = read.now + read.protectionMs;
  const replicas = tasks.map((t) => toReplica(t, protections.byArn.get(t.taskArn), read.now, fallbackUntil));
  return {
    service: {
      name: config.name,
      capacityClass: config.class,
      desired: found.desiredCount,
      running: found.runningCount,
      pending: found.pendingCount,
      replicas,
    },
    members: new Map(tasks.map((t) => [taskIdOf(t.taskArn), t.taskArn])),
  };
}

/** The service's task ids when it was not described yet: ListTasks only. */
export async function listMembers(
  client: ECSClient,
  cluster: string,
  serviceName: string,
): Promise<ReadonlyMap<string, string>> {
  const arns = await listTaskArns(client, cluster, serviceName);
  return new Map(arns.map((arn) => [taskIdOf(arn), arn]));
}
