/** What every part of the EC2 provider works with: config, deps, the two clients. */
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { Ec2ProviderConfig } from '../../config/ec2-schema.js';
import type { ProviderDeps } from '../registry.js';
import type { SubnetLookup } from './subnet-zones.js';

export interface Ec2Context {
  readonly config: Ec2ProviderConfig;
  readonly deps: ProviderDeps;
  readonly ec2: EC2Client;
  readonly ssm: SSMClient;
  readonly subnets: SubnetLookup;
}
