/**
 * The availability zone of each configured subnet (DescribeSubnets), asked once per process:
 * a subnet never moves to another zone. Circuit breakers are per zone, and CreateFleet's
 * per-override errors name the subnet.
 */
import { DescribeSubnetsCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { ProviderError } from '../../core/errors.js';
import { toProviderError } from './ec2-errors.js';
import type { Subnet } from './fleet-request.js';

export type SubnetLookup = (ids: readonly string[]) => Promise<Subnet[]>;

export function subnetZones(ec2: EC2Client): SubnetLookup {
  const known = new Map<string, string>();
  return async (ids) => {
    const missing = ids.filter((id) => !known.has(id));
    if (missing.length > 0) {
      let subnets;
      try {
        subnets = (await ec2.send(new DescribeSubnetsCommand({ SubnetIds: missing }))).Subnets ?? [];
      } catch (error) {
        throw toProviderError(`describing subnets ${missing.join(', ')}`, error);
      }
      for (const s of subnets) {
        if (s.SubnetId !== undefined && s.AvailabilityZone !== undefined)
          known.set(s.SubnetId, s.AvailabilityZone);
      }
    }
    return ids.map((id) => {
      const zone = known.get(id);
      if (zone === undefined) throw new ProviderError(`ec2: subnet ${id} was not found`, { status: 400 });
      return { id, zone };
    });
  };
}
