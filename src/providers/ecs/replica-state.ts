/** A described ECS task as a Replica. Pure. */
import type { ProtectedTask, Task } from '@aws-sdk/client-ecs';
import type { Replica } from '../provider.js';

/** The environment variable tfc-agent takes its name from (DOMAIN.md, Terraform agents). */
export const AGENT_NAME_ENV = 'TFC_AGENT_NAME';

/** `arn:aws:ecs:<region>:<account>:task/<cluster>/<id>` (or the old `task/<id>`) -> `<id>`. */
export function taskIdOf(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

/** The task lifecycle (ECS developer guide, "Task lifecycle") as a replica's state. */
export function replicaState(lastStatus: string | undefined, desiredStatus?: string): Replica['state'] {
  // Asked to stop (StopTask, scale-in) but not down yet.
  if (desiredStatus === 'STOPPED') return 'stopping';
  switch (lastStatus) {
    case 'PROVISIONING':
    case 'PENDING':
    case 'ACTIVATING':
      return 'starting';
    case 'RUNNING':
      return 'running';
    case 'DEACTIVATING':
    case 'STOPPING':
    case 'DEPROVISIONING':
    case 'STOPPED':
    case 'DELETED':
      return 'stopping';
    default:
      // A status this code does not know: counting it as alive keeps it from being reaped as failed.
      return 'running';
  }
}

/** The private IPv4 address of the task's ENI (awsvpc network mode), from `attachments`. */
export function eniAddress(task: Task): string | undefined {
  for (const attachment of task.attachments ?? []) {
    if (attachment.type !== 'ElasticNetworkInterface') continue;
    const ip = attachment.details?.find((d) => d.name === 'privateIPv4Address')?.value;
    if (ip !== undefined && ip !== '') return ip;
  }
  return undefined;
}

/**
 * The agent name a task declares through a container override of TFC_AGENT_NAME. Service
 * tasks usually have no overrides: then the agent names itself (docs/providers/ecs.md) and
 * the engine joins by task id, then by IP.
 */
export function declaredAgentName(task: Task): string | undefined {
  for (const container of task.overrides?.containerOverrides ?? []) {
    const value = container.environment?.find((e) => e.name === AGENT_NAME_ENV)?.value;
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}

/**
 * Until when the task is protected, from GetTaskProtection. An enabled protection without
 * an expiry (ECS always sends one) counts as lasting `fallbackUntil`, the safe side.
 */
export function protectedUntil(
  protection: ProtectedTask | undefined,
  fallbackUntil: number,
): number | undefined {
  if (protection?.protectionEnabled !== true) return undefined;
  return protection.expirationDate?.getTime() ?? fallbackUntil;
}

export function toReplica(
  task: Task & { taskArn: string },
  protection: ProtectedTask | undefined,
  now: number,
  fallbackUntil: number,
): Replica {
  const ip = eniAddress(task);
  const agentName = declaredAgentName(task);
  const until = protectedUntil(protection, fallbackUntil);
  return {
    id: taskIdOf(task.taskArn),
    state: replicaState(task.lastStatus, task.desiredStatus),
    createdAt: (task.createdAt ?? task.startedAt)?.getTime() ?? now,
    ...(ip !== undefined && { ip }),
    ...(agentName !== undefined && { agentName }),
    ...(until !== undefined && { protectedUntil: until }),
  };
}
