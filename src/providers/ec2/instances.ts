/** Finding the pool's instances by tag (DescribeInstances, paginated). */
import {
  DescribeInstancesCommand,
  paginateDescribeInstances,
  type Filter,
  type Instance,
} from '@aws-sdk/client-ec2';
import type { Ec2Context } from './context.js';
import { hasCode, toProviderError } from './ec2-errors.js';
import { LIVE_STATES } from './machine-state.js';
import { TAG } from './tags.js';

/** Instances per page; DescribeInstances allows 5 to 1000. */
const PAGE_SIZE = 500;

export function poolFilter(pool: string): Filter {
  return { Name: `tag:${TAG.pool}`, Values: [pool] };
}

export async function describeInstances(
  ctx: Ec2Context,
  filters: Filter[],
  what: string,
): Promise<Instance[]> {
  const found: Instance[] = [];
  try {
    for await (const page of paginateDescribeInstances(
      { client: ctx.ec2, pageSize: PAGE_SIZE },
      { Filters: filters },
    )) {
      for (const reservation of page.Reservations ?? []) found.push(...(reservation.Instances ?? []));
    }
  } catch (error) {
    throw toProviderError(what, error);
  }
  return found;
}

/** The not-yet-terminated instances of a worker name, in `pool` only or (pool undefined) in any pool. */
export async function workerInstances(ctx: Ec2Context, name: string, pool?: string): Promise<Instance[]> {
  return describeInstances(
    ctx,
    [
      ...(pool !== undefined ? [poolFilter(pool)] : []),
      { Name: `tag:${TAG.worker}`, Values: [name] },
      { Name: 'instance-state-name', Values: LIVE_STATES },
    ],
    `looking up worker ${name}`,
  );
}

/** The instance with this id, or undefined when EC2 says there is none (an API failure throws). */
export async function instanceById(ctx: Ec2Context, id: string): Promise<Instance | undefined> {
  try {
    const out = await ctx.ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }));
    return out.Reservations?.flatMap((r) => r.Instances ?? []).find((i) => i.InstanceId === id);
  } catch (error) {
    if (hasCode(error, 'InvalidInstanceID.NotFound', 'InvalidInstanceID.Malformed')) return undefined;
    throw toProviderError(`describing instance ${id}`, error);
  }
}
