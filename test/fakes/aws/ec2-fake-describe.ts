/**
 * DescribeInstances (filters, instance ids, MaxResults/NextToken pagination, reservations)
 * and TerminateInstances, with the errors the EC2 API reference lists for them.
 */
import type {
  DescribeInstancesCommandInput,
  DescribeInstancesCommandOutput,
  Filter,
  Instance,
  Reservation,
  TerminateInstancesCommandInput,
  TerminateInstancesCommandOutput,
  _InstanceType,
} from '@aws-sdk/client-ec2';
import { ec2Error } from './ec2-fake-errors.js';
import { globMatch, STATE_CODES, type FakeInstance, type FakeState } from './ec2-fake-state.js';

const INSTANCE_ID = /^i-[0-9a-f]{8,17}$/;

export function apiInstance(i: FakeInstance): Instance {
  return {
    InstanceId: i.id,
    InstanceType: i.instanceType as _InstanceType,
    ImageId: i.imageId,
    LaunchTime: i.launchTime,
    State: { Name: i.state, Code: STATE_CODES[i.state] },
    ...(i.stateReason !== undefined && {
      StateReason: { ...i.stateReason },
      StateTransitionReason: i.stateReason.Message,
    }),
    ...(i.lifecycle === 'spot' && { InstanceLifecycle: 'spot' }),
    SubnetId: i.subnetId,
    Placement: { AvailabilityZone: i.zone },
    ClientToken: i.clientToken,
    Tags: [...i.tags].map(([Key, Value]) => ({ Key, Value })),
  };
}

function matches(i: FakeInstance, filter: Filter): boolean {
  const name = filter.Name ?? '';
  const values = filter.Values ?? [];
  const any = (value: string | undefined) => value !== undefined && values.some((v) => globMatch(v, value));
  if (name.startsWith('tag:')) return any(i.tags.get(name.slice(4)));
  switch (name) {
    case 'tag-key':
      return [...i.tags.keys()].some((key) => any(key));
    case 'instance-state-name':
      return any(i.state);
    case 'instance-id':
      return any(i.id);
    case 'instance-lifecycle':
      return i.lifecycle === 'spot' && any('spot');
    default:
      throw ec2Error('InvalidParameterValue', `The filter '${name}' is invalid`);
  }
}

function byIds(state: FakeState, ids: readonly string[]): FakeInstance[] {
  const malformed = ids.find((id) => !INSTANCE_ID.test(id));
  if (malformed !== undefined) throw ec2Error('InvalidInstanceID.Malformed', `Invalid id: "${malformed}"`);
  const missing = ids.filter((id) => !state.instances.has(id));
  if (missing.length > 0)
    throw ec2Error('InvalidInstanceID.NotFound', `The instance IDs '${missing.join(', ')}' do not exist`);
  return ids.flatMap((id) => state.instances.get(id) ?? []);
}

function pageBounds(
  input: DescribeInstancesCommandInput,
  total: number,
  cap: number | undefined,
): { start: number; end: number } {
  const start =
    input.NextToken !== undefined ? Number(Buffer.from(input.NextToken, 'base64url').toString()) : 0;
  if (!Number.isInteger(start) || start < 0 || start > total)
    throw ec2Error('InvalidParameterValue', 'Invalid NextToken');
  const max = input.MaxResults;
  if (max !== undefined && (max < 5 || max > 1000)) {
    throw ec2Error(
      'InvalidParameterValue',
      'Value for parameter maxResults is invalid. Expecting a value between 5 and 1000.',
    );
  }
  const size = Math.min(max ?? Number.MAX_SAFE_INTEGER, cap ?? Number.MAX_SAFE_INTEGER);
  return { start, end: Math.min(total, start + size) };
}

/** `hidden` instances (eventual consistency: just launched) are left out of every answer. */
export function describeInstances(
  state: FakeState,
  input: DescribeInstancesCommandInput,
  options: { pageCap?: number; hidden?: ReadonlySet<string> } = {},
): DescribeInstancesCommandOutput {
  if (input.InstanceIds !== undefined && input.InstanceIds.length > 0 && input.MaxResults !== undefined) {
    throw ec2Error(
      'InvalidParameterCombination',
      'The parameter instancesSet cannot be used with the parameter maxResults',
    );
  }
  const pool =
    input.InstanceIds !== undefined && input.InstanceIds.length > 0
      ? byIds(state, input.InstanceIds)
      : [...state.instances.values()];
  const found = pool.filter(
    (i) => !options.hidden?.has(i.id) && (input.Filters ?? []).every((f) => matches(i, f)),
  );
  const { start, end } = pageBounds(input, found.length, options.pageCap);
  const reservations: Reservation[] = [];
  for (const i of found.slice(start, end)) {
    const last = reservations.at(-1);
    if (last?.ReservationId === i.reservationId) last.Instances?.push(apiInstance(i));
    else
      reservations.push({
        ReservationId: i.reservationId,
        OwnerId: '123456789012',
        Instances: [apiInstance(i)],
      });
  }
  return {
    $metadata: { httpStatusCode: 200 },
    Reservations: reservations,
    ...(end < found.length && { NextToken: Buffer.from(String(end)).toString('base64url') }),
  };
}

export function terminateInstances(
  state: FakeState,
  input: TerminateInstancesCommandInput,
): TerminateInstancesCommandOutput {
  const instances = byIds(state, input.InstanceIds ?? []);
  return {
    $metadata: { httpStatusCode: 200 },
    TerminatingInstances: instances.map((i) => {
      const previous = i.state;
      if (i.state !== 'terminated') i.terminating = true;
      if (i.state !== 'terminated' && i.state !== 'shutting-down') {
        i.state = 'shutting-down';
        i.stateReason = {
          Code: 'Client.UserInitiatedShutdown',
          Message: 'Client.UserInitiatedShutdown: User initiated shutdown',
        };
      }
      return {
        InstanceId: i.id,
        PreviousState: { Name: previous, Code: STATE_CODES[previous] },
        CurrentState: { Name: i.state, Code: STATE_CODES[i.state] },
      };
    }),
  };
}
