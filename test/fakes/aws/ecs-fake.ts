/**
 * A stateful Amazon ECS on aws-sdk-client-mock: the real ECSClient (in the code under test)
 * sends its commands here. Clusters, services and tasks live in EcsFakeState; `settle()`
 * runs the service scheduler; faults (throttling, failing calls, per-task protection
 * failures) are injected per command. `commands()` lists the IAM action of every call.
 */
import {
  DescribeClustersCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ECSClient,
  GetTaskProtectionCommand,
  ListTasksCommand,
  StopTaskCommand,
  UpdateServiceCommand,
  UpdateTaskProtectionCommand,
} from '@aws-sdk/client-ecs';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { ecsErrors } from './ecs-fake-errors.js';
import * as handlers from './ecs-fake-handlers.js';
import { getTaskProtection, updateTaskProtection } from './ecs-fake-protection.js';
import { EcsFakeState, type FakeService, type FakeTask, type ServiceOptions, type TaskOptions } from './ecs-fake-state.js';

export { ecsErrors } from './ecs-fake-errors.js';
export type { FakeService, FakeTask, ServiceOptions, TaskOptions, TaskStatus } from './ecs-fake-state.js';

export type EcsCommandName =
  | 'DescribeClusters'
  | 'DescribeServices'
  | 'UpdateService'
  | 'ListTasks'
  | 'DescribeTasks'
  | 'GetTaskProtection'
  | 'UpdateTaskProtection'
  | 'StopTask';

export interface EcsFakeOptions {
  readonly region?: string;
  /** The fake's time: task creation, protection expiry. Default Date.now. */
  readonly clock?: () => number;
}

interface Fault {
  readonly command: EcsCommandName;
  readonly error: Error;
  remaining: number;
  readonly when?: (input: Record<string, unknown>) => boolean;
}

export interface RecordedCall {
  readonly command: EcsCommandName;
  /** A copy of the input as sent (the SDK paginator reuses its input object). */
  readonly input: Record<string, unknown>;
}

export class EcsFake {
  readonly state: EcsFakeState;
  private readonly mock: AwsClientStub<ECSClient>;
  private readonly faults: Fault[] = [];
  private readonly protectionFailures = new Map<string, string>();
  private readonly log: RecordedCall[] = [];

  constructor(options: EcsFakeOptions = {}) {
    this.state = new EcsFakeState(options.region ?? 'eu-west-1', options.clock ?? Date.now);
    this.mock = mockClient(ECSClient);
    this.install();
  }

  private install(): void {
    const s = this.state;
    this.mock.onAnyCommand().callsFake(() => {
      throw new Error('EcsFake: this ECS command is not implemented by the fake');
    });
    this.mock.on(DescribeClustersCommand).callsFake(this.handle('DescribeClusters', (i) => handlers.describeClusters(s, i)));
    this.mock.on(DescribeServicesCommand).callsFake(this.handle('DescribeServices', (i) => handlers.describeServices(s, i)));
    this.mock.on(UpdateServiceCommand).callsFake(this.handle('UpdateService', (i) => handlers.updateService(s, i)));
    this.mock.on(ListTasksCommand).callsFake(this.handle('ListTasks', (i) => handlers.listTasks(s, i)));
    this.mock.on(DescribeTasksCommand).callsFake(this.handle('DescribeTasks', (i) => handlers.describeTasks(s, i)));
    this.mock.on(GetTaskProtectionCommand).callsFake(this.handle('GetTaskProtection', (i) => getTaskProtection(s, i)));
    this.mock
      .on(UpdateTaskProtectionCommand)
      .callsFake(this.handle('UpdateTaskProtection', (i) => updateTaskProtection(s, i, this.protectionFailures)));
    this.mock.on(StopTaskCommand).callsFake(this.handle('StopTask', (i) => handlers.stopTask(s, i)));
  }

  private handle<I extends object, O>(command: EcsCommandName, answer: (input: I) => O) {
    return (input: I): O & { $metadata: Record<string, never> } => {
      const copy = structuredClone(input);
      this.log.push({ command, input: copy as Record<string, unknown> });
      const fault = this.faults.find(
        (f) => f.command === command && f.remaining > 0 && (f.when?.(copy as Record<string, unknown>) ?? true),
      );
      if (fault !== undefined) {
        fault.remaining -= 1;
        throw fault.error;
      }
      return { ...answer(copy), $metadata: {} };
    };
  }

  addCluster(name: string): this {
    this.state.addCluster(name);
    return this;
  }

  addService(cluster: string, name: string, options: ServiceOptions = {}): FakeService {
    return this.state.addService(cluster, name, options);
  }

  /** A task outside the scheduler's control: a given status, or standalone (no service). */
  addTask(cluster: string, options: TaskOptions = {}): FakeTask {
    return this.state.addTask(cluster, options);
  }

  service(cluster: string, name: string): FakeService {
    const s = this.state.findService(cluster, name);
    if (s === undefined) throw new Error(`EcsFake: no service ${cluster}/${name}`);
    return s;
  }

  task(id: string): FakeTask {
    const t = this.state.tasks.get(id);
    if (t === undefined) throw new Error(`EcsFake: no task ${id}`);
    return t;
  }

  /** Tasks of the service that ECS keeps running (desiredStatus RUNNING). */
  liveTasks(cluster: string, name: string): FakeTask[] {
    return this.state.live(this.service(cluster, name));
  }

  /** Lets the service scheduler converge every service to its desired count. */
  settle(): void {
    this.state.settle();
  }

  /** The next `times` calls of `command` (that match `when`) throw `error`. */
  fail(command: EcsCommandName, error: Error, options: { times?: number; when?: Fault['when'] } = {}): this {
    this.faults.push({
      command,
      error,
      remaining: options.times ?? 1,
      ...(options.when !== undefined && { when: options.when }),
    });
    return this;
  }

  throttle(command: EcsCommandName, times = 1): this {
    return this.fail(command, ecsErrors.throttling(), { times });
  }

  /** UpdateTaskProtection lists these tasks in `failures` with `reason` until cleared. */
  failProtectionFor(ids: readonly string[], reason = 'SERVER_ERROR'): this {
    for (const id of ids) this.protectionFailures.set(id, reason);
    return this;
  }

  /** IAM action of every call, in order (e.g. `ecs:UpdateService`), unknown commands too. */
  commands(): string[] {
    return this.mock.calls().map((call) => {
      const command: unknown = call.args[0];
      const name = typeof command === 'object' && command !== null ? command.constructor.name : 'Unknown';
      return `ecs:${name.replace(/Command$/, '')}`;
    });
  }

  /** The inputs of the calls of `command`, as each was sent. */
  calls(command: EcsCommandName): Record<string, unknown>[] {
    return this.log.filter((c) => c.command === command).map((c) => c.input);
  }

  resetHistory(): void {
    this.log.length = 0;
    this.mock.resetHistory();
  }

  /** Puts ECSClient.send back; call it after each test. */
  restore(): void {
    this.mock.restore();
  }
}
