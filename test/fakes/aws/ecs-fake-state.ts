/**
 * What the ECS fake holds: clusters, services and tasks, and the scheduler step that
 * converges each service's tasks to its desired count the way ECS does (scale-in never
 * stops a protected task: the count lags until protection ends).
 */
import { createHash } from 'node:crypto';
import { ecsErrors } from './ecs-fake-errors.js';

export const FAKE_ACCOUNT = '123456789012';

export type TaskStatus =
  | 'PROVISIONING'
  | 'PENDING'
  | 'ACTIVATING'
  | 'RUNNING'
  | 'DEACTIVATING'
  | 'STOPPING'
  | 'DEPROVISIONING'
  | 'STOPPED';

export const STARTING: readonly TaskStatus[] = ['PROVISIONING', 'PENDING', 'ACTIVATING'];

export interface FakeService {
  readonly cluster: string;
  readonly name: string;
  readonly arn: string;
  status: 'ACTIVE' | 'DRAINING' | 'INACTIVE';
  desiredCount: number;
  /** Container override env of each task it starts (ECS services usually set none). */
  readonly taskEnv?: (taskId: string) => Record<string, string>;
  /** awsvpc: each task gets an ENI with a private IP. Default true. */
  readonly eni: boolean;
  /**
   * How many tasks ECS can place for it (capacity); above it the count stays unmet, as
   * when a capacity provider has none left. Unset: no limit.
   */
  placeable?: number;
}

export interface FakeTask {
  readonly id: string;
  readonly arn: string;
  readonly cluster: string;
  /** Absent for a standalone task (RunTask), which UpdateTaskProtection refuses. */
  readonly service?: string;
  lastStatus: TaskStatus;
  desiredStatus: 'RUNNING' | 'STOPPED';
  readonly createdAt: number;
  startedAt?: number;
  stoppedAt?: number;
  stoppedReason?: string;
  readonly ip?: string;
  readonly env: Record<string, string>;
  protection?: { readonly enabled: boolean; readonly expiresAt: number };
}

export interface ServiceOptions {
  readonly desired?: number;
  readonly status?: FakeService['status'];
  readonly taskEnv?: (taskId: string) => Record<string, string>;
  readonly eni?: boolean;
}

export interface TaskOptions {
  readonly service?: string;
  readonly lastStatus?: TaskStatus;
  readonly env?: Record<string, string>;
  readonly eni?: boolean;
  readonly createdAt?: number;
}

/** The last part of an ARN, or the name itself. */
export function lastPart(nameOrArn: string): string {
  return nameOrArn.slice(nameOrArn.lastIndexOf('/') + 1);
}

export class EcsFakeState {
  readonly clusters = new Map<string, { readonly name: string; readonly arn: string }>();
  readonly services = new Map<string, FakeService>();
  readonly tasks = new Map<string, FakeTask>();
  private started = 0;

  constructor(
    readonly region: string,
    readonly clock: () => number,
  ) {}

  arn(kind: 'cluster' | 'service' | 'task', ...path: string[]): string {
    return `arn:aws:ecs:${this.region}:${FAKE_ACCOUNT}:${kind}/${path.join('/')}`;
  }

  addCluster(name: string): void {
    this.clusters.set(name, { name, arn: this.arn('cluster', name) });
  }

  addService(cluster: string, name: string, options: ServiceOptions = {}): FakeService {
    if (!this.clusters.has(cluster)) this.addCluster(cluster);
    const service: FakeService = {
      cluster,
      name,
      arn: this.arn('service', cluster, name),
      status: options.status ?? 'ACTIVE',
      desiredCount: options.desired ?? 0,
      eni: options.eni ?? true,
      ...(options.taskEnv !== undefined && { taskEnv: options.taskEnv }),
    };
    this.services.set(`${cluster}/${name}`, service);
    return service;
  }

  addTask(cluster: string, options: TaskOptions = {}): FakeTask {
    if (!this.clusters.has(cluster)) this.addCluster(cluster);
    const n = ++this.started;
    // 32 hex digits, like an ECS task id; derived from a counter so runs are repeatable.
    const id = createHash('md5').update(`${cluster}/${n}`).digest('hex');
    const lastStatus = options.lastStatus ?? 'RUNNING';
    const now = this.clock();
    const task: FakeTask = {
      id,
      arn: this.arn('task', cluster, id),
      cluster,
      ...(options.service !== undefined && { service: options.service }),
      lastStatus,
      desiredStatus: lastStatus === 'STOPPED' ? 'STOPPED' : 'RUNNING',
      createdAt: options.createdAt ?? now,
      ...(lastStatus === 'RUNNING' && { startedAt: options.createdAt ?? now }),
      ...((options.eni ?? true) && { ip: `10.0.${Math.floor(n / 250) % 250}.${(n % 250) + 4}` }),
      env: options.env ?? {},
    };
    this.tasks.set(id, task);
    return task;
  }

  cluster(nameOrArn: string | undefined): { readonly name: string; readonly arn: string } {
    const found = this.clusters.get(lastPart(nameOrArn ?? 'default'));
    if (found === undefined) throw ecsErrors.clusterNotFound();
    return found;
  }

  findService(cluster: string, nameOrArn: string): FakeService | undefined {
    return this.services.get(`${cluster}/${lastPart(nameOrArn)}`);
  }

  findTask(cluster: string, idOrArn: string): FakeTask | undefined {
    const task = this.tasks.get(lastPart(idOrArn));
    return task?.cluster === cluster ? task : undefined;
  }

  /** Tasks of a service that ECS keeps running, oldest first. */
  live(service: FakeService): FakeTask[] {
    return [...this.tasks.values()].filter(
      (t) => t.cluster === service.cluster && t.service === service.name && t.desiredStatus === 'RUNNING',
    );
  }

  isProtected(task: FakeTask): boolean {
    return task.protection?.enabled === true && task.protection.expiresAt > this.clock();
  }

  stop(task: FakeTask, reason: string): void {
    task.desiredStatus = 'STOPPED';
    task.stoppedReason = reason;
  }

  /** One full convergence of every service: starts, stops and scale-in as ECS would end up. */
  settle(): void {
    const now = this.clock();
    for (const task of this.tasks.values()) {
      if (task.protection !== undefined && !this.isProtected(task)) delete task.protection;
      if (task.desiredStatus === 'STOPPED' && task.lastStatus !== 'STOPPED') {
        task.lastStatus = 'STOPPED';
        task.stoppedAt = now;
      } else if (task.desiredStatus === 'RUNNING' && task.lastStatus !== 'RUNNING') {
        task.lastStatus = 'RUNNING';
        task.startedAt = now;
      }
    }
    for (const service of this.services.values()) this.converge(service);
  }

  private converge(service: FakeService): void {
    const live = this.live(service);
    const target = service.status === 'ACTIVE' ? service.desiredCount : 0;
    const placeable = Math.min(target, service.placeable ?? target);
    for (let i = live.length; i < placeable; i++) {
      const task = this.addTask(service.cluster, { service: service.name, eni: service.eni });
      if (service.taskEnv !== undefined) Object.assign(task.env, service.taskEnv(task.id));
    }
    // Scale-in: unprotected tasks only, newest first; protected ones stay and the count lags.
    const victims = live.filter((t) => !this.isProtected(t)).reverse();
    for (const task of victims.slice(0, Math.max(0, live.length - target))) {
      this.stop(task, 'Scaling activity initiated by (deployment ecs-svc/0000000000000000000)');
      task.lastStatus = 'STOPPED';
      task.stoppedAt = this.clock();
    }
  }
}
