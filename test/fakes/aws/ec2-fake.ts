/**
 * A stateful EC2 + SSM fake at the SDK level: `mockClient` patches the clients' prototypes,
 * so the provider's real code (commands, paginators, error handling) runs against it.
 *
 * Time: instances carry the fake's clock. Each DescribeInstances call is a tick: pending
 * instances boot (the bootstrap's part is played here: read the config parameter named by
 * the instance tag, delete it, start), and instances terminated through the API finish
 * shutting down. An env `FAKE_EXIT_CODE=<n>` makes the runner exit at once with `n`: the
 * instance tags its exit code and shuts itself down, as the real bootstrap does.
 */
import {
  EC2Client,
  type CreateFleetCommandOutput,
  type ResponseLaunchTemplateData,
} from '@aws-sdk/client-ec2';
import { SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { bootInstance, tick, type BootOptions } from './ec2-fake-boot.js';
import { CallRecorder, type RecordedCall } from './ec2-fake-calls.js';
import { installEc2, installSsm } from './ec2-fake-handlers.js';
import {
  FakeState,
  type CapacityRule,
  type FakeInstance,
  type FakeParameter,
  type FakeSubnet,
  type FakeTemplate,
} from './ec2-fake-state.js';

export type { RecordedCall } from './ec2-fake-calls.js';
export type {
  CapacityRule,
  FakeInstance,
  FakeParameter,
  FakeSubnet,
  FakeTemplate,
} from './ec2-fake-state.js';

export const FAKE_SUBNETS: readonly FakeSubnet[] = [
  { id: 'subnet-0a1a1a1a', zone: 'eu-west-1a' },
  { id: 'subnet-0b2b2b2b', zone: 'eu-west-1b' },
  { id: 'subnet-0c3c3c3c', zone: 'eu-west-1c' },
];

export const FAKE_TEMPLATE_DATA: ResponseLaunchTemplateData = {
  ImageId: 'ami-0123456789abcdef0',
  InstanceType: 'm7g.large',
  InstanceInitiatedShutdownBehavior: 'terminate',
  MetadataOptions: { HttpTokens: 'required', InstanceMetadataTags: 'enabled' },
  UserData: Buffer.from('#!/bin/bash\n# reads tag ci-scaler:config-parameter\n').toString('base64'),
};

export function fakeTemplate(data: ResponseLaunchTemplateData = FAKE_TEMPLATE_DATA): FakeTemplate {
  return { id: 'lt-0123456789abcdef0', name: 'ci-runner', defaultVersion: 1, versions: new Map([[1, data]]) };
}

export interface Ec2FakeOptions {
  readonly clock?: () => number;
  readonly subnets?: readonly FakeSubnet[];
  readonly templates?: readonly FakeTemplate[];
  /** Pending instances boot at the next DescribeInstances (default true). */
  readonly autoBoot?: boolean;
  /** The booting instance deletes its config parameter, as the bootstrap does (default true). */
  readonly bootstrapDeletesParameter?: boolean;
  /** At most this many instances per DescribeInstances page, whatever MaxResults says. */
  readonly pageCap?: number;
}

export class Ec2Fake {
  readonly state: FakeState;
  private readonly ec2 = mockClient(EC2Client);
  private readonly ssm = mockClient(SSMClient);
  private readonly recorder = new CallRecorder();
  private readonly bootOptions: BootOptions;
  private readonly hidden = new Set<string>();
  private readonly booted = new Map<string, Record<string, string>>();
  private hideNext = 0;

  constructor(options: Ec2FakeOptions = {}) {
    this.state = new FakeState(options.clock ?? Date.now);
    for (const subnet of options.subnets ?? FAKE_SUBNETS) this.state.subnets.set(subnet.id, subnet);
    this.state.templates.push(...(options.templates ?? [fakeTemplate()]));
    this.bootOptions = {
      autoBoot: options.autoBoot !== false,
      deleteParameter: options.bootstrapDeletesParameter !== false,
    };
    installEc2(this.ec2, this.recorder.serve, this.state, {
      beforeDescribe: () => {
        tick(this.state, this.bootOptions, this.booted);
      },
      afterLaunch: (output) => this.afterLaunch(output),
      describeOptions: () => ({
        ...(options.pageCap !== undefined && { pageCap: options.pageCap }),
        hidden: this.hidden,
      }),
    });
    installSsm(this.ssm, this.recorder.serve, this.state);
  }

  /** IAM action names of every call made, in order: `ec2:CreateFleet`, `ssm:PutParameter`, ... */
  commands(): string[] {
    return this.recorder.calls.map((c) => c.action);
  }

  /** Every call with a copy of its input, for assertions and secret scans. */
  recorded(action?: string): RecordedCall[] {
    const calls = this.recorder.calls;
    return action === undefined ? [...calls] : calls.filter((c) => c.action === action);
  }

  inputs<T>(action: string): T[] {
    return this.recorded(action).map((c) => c.input as T);
  }

  restore(): void {
    this.ec2.restore();
    this.ssm.restore();
  }

  // -- faults ---------------------------------------------------------------------------

  /** Overrides matching the rule fail with a capacity error (partial success when others have room). */
  noCapacity(rule: CapacityRule = {}): void {
    this.state.capacityRules.push(rule);
  }

  clearCapacityFaults(): void {
    this.state.capacityRules = [];
  }

  /** The next `count` calls (of `action`, or any) are throttled. */
  throttleNext(count: number, action?: string): void {
    this.recorder.throttleNext(count, action);
  }

  failNext(action: string, error: Error, count = 1): void {
    this.recorder.failNext(action, error, count);
  }

  /** Calls of `action` are refused as the IAM policy lacks it. */
  deny(action: string): void {
    this.recorder.deny(action);
  }

  /** The next `count` launched instances stay pending for ever. */
  neverBootNext(count = 1): void {
    this.state.neverBoot += count;
  }

  /** The next `count` launched instances are missing from DescribeInstances (eventual consistency) until `reveal()`. */
  hideNextLaunches(count = 1): void {
    this.hideNext += count;
  }

  reveal(): void {
    this.hidden.clear();
  }

  // -- the instances' side ----------------------------------------------------------------

  /** The cloud takes a spot instance back. */
  interrupt(instanceId: string, state: 'shutting-down' | 'terminated' = 'terminated'): void {
    const i = this.mustFind(instanceId);
    if (i.lifecycle !== 'spot') throw new Error(`fake: ${instanceId} is not a spot instance`);
    i.state = state;
    i.stateReason = {
      Code: 'Server.SpotInstanceTermination',
      Message: 'Server.SpotInstanceTermination: Spot instance termination',
    };
  }

  /** Boots a pending instance now (whether or not autoBoot is on). */
  boot(instanceId: string): void {
    bootInstance(this.state, this.mustFind(instanceId), this.bootOptions, this.booted);
  }

  /** Instances that shut themselves down become terminated (EC2 does this within a minute). */
  settle(): void {
    for (const i of this.state.instances.values()) if (i.state === 'shutting-down') i.state = 'terminated';
  }

  /** The env an instance read from its config parameter at boot, or undefined. */
  bootedEnv(instanceId: string): Record<string, string> | undefined {
    return this.booted.get(instanceId);
  }

  instances(): FakeInstance[] {
    return [...this.state.instances.values()];
  }

  instanceOf(worker: string): FakeInstance | undefined {
    return this.instances().find((i) => i.tags.get('ci-scaler:worker') === worker);
  }

  parameter(name: string): FakeParameter | undefined {
    return this.state.parameters.get(name);
  }

  parameterNames(): string[] {
    return [...this.state.parameters.keys()].sort();
  }

  /** A parameter as an earlier launch (or another process) left it, modified at `at`. */
  seedParameter(name: string, env: Record<string, string>, at: number): void {
    this.state.parameters.set(name, {
      name,
      value: JSON.stringify(env),
      type: 'SecureString',
      tier: 'Standard',
      version: 1,
      lastModified: new Date(at),
      tags: new Map(),
    });
  }

  private mustFind(id: string): FakeInstance {
    const i = this.state.instances.get(id);
    if (i === undefined) throw new Error(`fake: no instance ${id}`);
    return i;
  }

  private afterLaunch(output: CreateFleetCommandOutput): CreateFleetCommandOutput {
    for (const id of (output.Instances ?? []).flatMap((i) => i.InstanceIds ?? [])) {
      if (this.hideNext > 0 && !this.hidden.has(id) && this.state.instances.get(id)?.state === 'pending') {
        this.hideNext -= 1;
        this.hidden.add(id);
      }
    }
    return output;
  }
}
