/**
 * The ECS actions the fake answers, with the request checks and answer shapes of the ECS
 * API reference (typed by the SDK): limits per call, `failures` for unknown names, errors
 * for unknown clusters and services.
 */
import type {
  DescribeClustersCommandInput,
  DescribeClustersCommandOutput,
  DescribeServicesCommandInput,
  DescribeServicesCommandOutput,
  DescribeTasksCommandInput,
  DescribeTasksCommandOutput,
  ListTasksCommandInput,
  ListTasksCommandOutput,
  Service,
  StopTaskCommandInput,
  StopTaskCommandOutput,
  Task,
  UpdateServiceCommandInput,
  UpdateServiceCommandOutput,
} from '@aws-sdk/client-ecs';
import { ecsErrors } from './ecs-fake-errors.js';
import { STARTING, type EcsFakeState, type FakeService, type FakeTask } from './ecs-fake-state.js';

export type Answer<T> = Omit<T, '$metadata'>;

export function limit(what: string, items: readonly unknown[] | undefined, max: number): readonly unknown[] {
  if (items === undefined || items.length === 0)
    throw ecsErrors.invalidParameter(`${what} can not be empty.`);
  if (items.length > max) throw ecsErrors.invalidParameter(`${what} can have at most ${max} elements.`);
  return items;
}

export function serviceShape(state: EcsFakeState, s: FakeService): Service {
  const live = state.live(s);
  return {
    serviceArn: s.arn,
    serviceName: s.name,
    clusterArn: state.cluster(s.cluster).arn,
    status: s.status,
    desiredCount: s.desiredCount,
    runningCount: live.filter((t) => t.lastStatus === 'RUNNING').length,
    pendingCount: live.filter((t) => STARTING.includes(t.lastStatus)).length,
    launchType: 'FARGATE',
  };
}

export function taskShape(state: EcsFakeState, t: FakeTask): Task {
  const env = Object.entries(t.env).map(([name, value]) => ({ name, value }));
  return {
    taskArn: t.arn,
    clusterArn: state.cluster(t.cluster).arn,
    ...(t.service !== undefined && {
      group: `service:${t.service}`,
      startedBy: 'ecs-svc/0000000000000000000',
    }),
    lastStatus: t.lastStatus,
    desiredStatus: t.desiredStatus,
    launchType: 'FARGATE',
    createdAt: new Date(t.createdAt),
    ...(t.startedAt !== undefined && { startedAt: new Date(t.startedAt) }),
    ...(t.stoppedAt !== undefined && { stoppedAt: new Date(t.stoppedAt) }),
    ...(t.stoppedReason !== undefined && { stoppedReason: t.stoppedReason }),
    overrides: { containerOverrides: [{ name: 'agent', ...(env.length > 0 && { environment: env }) }] },
    attachments: t.ip === undefined ? [] : [eni(t.id, t.ip)],
  };
}

function eni(id: string, ip: string): NonNullable<Task['attachments']>[number] {
  const suffix = id.slice(0, 8);
  return {
    id: `${id.slice(0, 8)}-eni-attachment`,
    type: 'ElasticNetworkInterface',
    status: 'ATTACHED',
    details: [
      { name: 'subnetId', value: 'subnet-0a1b2c3d' },
      { name: 'networkInterfaceId', value: `eni-${suffix}` },
      { name: 'macAddress', value: '0a:00:00:00:00:01' },
      { name: 'privateDnsName', value: `ip-${ip.replaceAll('.', '-')}.ec2.internal` },
      { name: 'privateIPv4Address', value: ip },
    ],
  };
}

export function describeClusters(
  state: EcsFakeState,
  input: DescribeClustersCommandInput,
): Answer<DescribeClustersCommandOutput> {
  const names = input.clusters ?? ['default'];
  const known = names.filter((n) => state.clusters.has(n.slice(n.lastIndexOf('/') + 1)));
  return {
    clusters: known.map((n) => {
      const c = state.cluster(n);
      const services = [...state.services.values()].filter((s) => s.cluster === c.name);
      const running = [...state.tasks.values()].filter(
        (t) => t.cluster === c.name && t.lastStatus === 'RUNNING',
      );
      return {
        clusterArn: c.arn,
        clusterName: c.name,
        status: 'ACTIVE',
        activeServicesCount: services.filter((s) => s.status === 'ACTIVE').length,
        runningTasksCount: running.length,
      };
    }),
    failures: names
      .filter((n) => !known.includes(n))
      .map((n) => ({ arn: state.arn('cluster', n), reason: 'MISSING' })),
  };
}

export function describeServices(
  state: EcsFakeState,
  input: DescribeServicesCommandInput,
): Answer<DescribeServicesCommandOutput> {
  const cluster = state.cluster(input.cluster);
  limit('services', input.services, 10);
  const out: Answer<DescribeServicesCommandOutput> = { services: [], failures: [] };
  for (const name of input.services ?? []) {
    const s = state.findService(cluster.name, name);
    if (s === undefined)
      out.failures?.push({ arn: state.arn('service', cluster.name, name), reason: 'MISSING' });
    else out.services?.push(serviceShape(state, s));
  }
  return out;
}

export function updateService(
  state: EcsFakeState,
  input: UpdateServiceCommandInput,
): Answer<UpdateServiceCommandOutput> {
  const cluster = state.cluster(input.cluster);
  const s = state.findService(cluster.name, input.service ?? '');
  if (s === undefined) throw ecsErrors.serviceNotFound();
  if (s.status !== 'ACTIVE') throw ecsErrors.serviceNotActive();
  if (input.desiredCount !== undefined) {
    if (!Number.isInteger(input.desiredCount) || input.desiredCount < 0) {
      throw ecsErrors.invalidParameter('desiredCount must be a non-negative integer.');
    }
    s.desiredCount = input.desiredCount;
  }
  return { service: serviceShape(state, s) };
}

export function listTasks(state: EcsFakeState, input: ListTasksCommandInput): Answer<ListTasksCommandOutput> {
  const cluster = state.cluster(input.cluster);
  const max = input.maxResults ?? 100;
  if (!Number.isInteger(max) || max < 1 || max > 100) {
    throw ecsErrors.invalidParameter('maxResults must be between 1 and 100.');
  }
  if (input.serviceName !== undefined && state.findService(cluster.name, input.serviceName) === undefined) {
    throw ecsErrors.serviceNotFound();
  }
  const desired = input.desiredStatus ?? 'RUNNING';
  const arns = [...state.tasks.values()]
    .filter((t) => t.cluster === cluster.name && t.desiredStatus === desired)
    .filter((t) => input.serviceName === undefined || t.service === input.serviceName.split('/').pop())
    .map((t) => t.arn);
  const start = input.nextToken === undefined ? 0 : decodeToken(input.nextToken);
  const page = arns.slice(start, start + max);
  const next = start + max < arns.length ? encodeToken(start + max) : undefined;
  return { taskArns: page, ...(next !== undefined && { nextToken: next }) };
}

function encodeToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString('base64url');
}

function decodeToken(token: string): number {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString());
    const offset = (parsed as { offset?: unknown }).offset;
    if (typeof offset === 'number' && Number.isInteger(offset) && offset >= 0) return offset;
  } catch {
    // fall through: ECS answers a bad token with InvalidParameterException
  }
  throw ecsErrors.invalidParameter('Invalid nextToken.');
}

export function describeTasks(
  state: EcsFakeState,
  input: DescribeTasksCommandInput,
): Answer<DescribeTasksCommandOutput> {
  const cluster = state.cluster(input.cluster);
  limit('tasks', input.tasks, 100);
  const out: Answer<DescribeTasksCommandOutput> = { tasks: [], failures: [] };
  for (const ref of input.tasks ?? []) {
    const t = state.findTask(cluster.name, ref);
    if (t === undefined) out.failures?.push({ arn: ref, reason: 'MISSING' });
    else out.tasks?.push(taskShape(state, t));
  }
  return out;
}

export function stopTask(state: EcsFakeState, input: StopTaskCommandInput): Answer<StopTaskCommandOutput> {
  const cluster = state.cluster(input.cluster);
  const t = state.findTask(cluster.name, input.task ?? '');
  if (t === undefined) throw ecsErrors.invalidParameter('The referenced task was not found.');
  if (input.reason !== undefined && input.reason.length > 255) {
    throw ecsErrors.invalidParameter('reason can be at most 255 characters.');
  }
  state.stop(t, input.reason ?? 'Task stopped by user');
  return { task: taskShape(state, t) };
}
