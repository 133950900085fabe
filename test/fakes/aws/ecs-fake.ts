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
  type UpdateTaskProtectionCommandInput,
} from '@aws-sdk/client-ecs';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { ecsErrors } from './ecs-fake-errors.js';
import * as handlers from './ecs-fake-handlers.js';
import { getTaskProtection, updateTaskProtection } from './ecs-fake-protection.js';
import {
  EcsFakeState,
  type FakeService,
  type FakeTask,
  type ServiceOptions,
  type TaskOptions,
} from './ecs-fake-state.js';

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
    this.mock.onAnyCommand().callsFake(() => {
      throw new Error('EcsFake: this ECS command is not implemented by the fake');
    });
    const m = this.mock;
    m.on(DescribeClustersCommand).callsFake((i: unknown) =>
      this.respond('DescribeClusters', i, handlers.describeClusters),
    );
    m.on(DescribeServicesCommand).callsFake((i: unknown) =>
      this.respond('DescribeServices', i, handlers.describeServices),
    );
    m.on(UpdateServiceCommand).callsFake((i: unknown) =>
      this.respond('UpdateService', i, handlers.updateService),
    );
    m.on(ListTasksCommand).callsFake((i: unknown) => this.respond('ListTasks', i, handlers.listTasks));
    m.on(DescribeTasksCommand).callsFake((i: unknown) =>
      this.respond('DescribeTasks', i, handlers.describeTasks),
    );
    m.on(GetTaskProtectionCommand).callsFake((i: unknown) =>
      this.respond('GetTaskProtection', i, getTaskProtection),
    );
    m.on(UpdateTaskProtectionCommand).callsFake((i: unknown) =>
      this.respond('UpdateTaskProtection', i, (state, input: UpdateTaskProtectionCommandInput) =>
        updateTaskProtection(state, input, this.protectionFailures),
      ),
    );
    m.on(StopTaskCommand).callsFake((i: unknown) => this.respond('StopTask', i, handlers.stopTask));
  }

  /**
   * Records the call, throws an injected fault if one is due, else answers. The mock hands
   * the command's input untyped; each handler states the SDK input type it takes.
   */
  private respond<O>(
    command: EcsCommandName,
    input: unknown,
    // `never`: any handler fits, whatever SDK input type it states.
    answer: (state: EcsFakeState, input: never) => O,
  ): O & { $metadata: Record<string, never> } {
    const copy = structuredClone(input) as Record<string, unknown>;
    this.log.push({ command, input: copy });
    const fault = this.faults.find(
      (f) => f.command === command && f.remaining > 0 && (f.when?.(copy) ?? true),
    );
    if (fault !== undefined) {
      fault.remaining -= 1;
      throw fault.error;
    }
    return { ...answer(this.state, copy as never), $metadata: {} };
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

  /** Protection calls succeed again for these tasks (all when none named). */
  healProtection(ids?: readonly string[]): this {
    if (ids === undefined) this.protectionFailures.clear();
    else for (const id of ids) this.protectionFailures.delete(id);
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
