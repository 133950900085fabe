/** `provider:` — where capacity lives. */
import * as z from 'zod';
import { withChecks } from './cross-checks.js';
import { dockerProviderSchema } from './docker-schema.js';
import { awsRegion, nonEmptyString, unknownTypeError } from './fields.js';

export const ec2ProviderSchema = z.strictObject({
  type: z.literal('ec2').describe('Amazon EC2: one instance per job, from a launch template.'),
  region: awsRegion.describe('AWS region, e.g. eu-west-1.'),
  launchTemplate: nonEmptyString.describe('Launch template (id lt-... or name) the instances start from.'),
  instanceTypes: z
    .array(nonEmptyString)
    .min(1)
    .optional()
    .describe('Instance types to try in order; default: the one in the launch template.'),
  subnets: z
    .array(nonEmptyString)
    .min(1)
    .optional()
    .describe('Subnets (subnet-...) to spread over; default: the one in the launch template.'),
  spot: z
    .enum(['prefer', 'only', 'never'])
    .default('prefer')
    .describe('Spot capacity: prefer (fall back to on-demand), only, or never.'),
});

export const gcpProviderSchema = z.strictObject({
  type: z.literal('gcp').describe('Google Compute Engine: one VM per job.'),
  project: nonEmptyString.describe('Google Cloud project id.'),
  zone: z
    .string()
    .regex(/^[a-z]+-[a-z]+\d+-[a-z]$/, { error: 'must be a zone such as europe-west1-b' })
    .describe('Zone, e.g. europe-west1-b.'),
  machineType: nonEmptyString.describe('Machine type, e.g. e2-standard-4.'),
  image: nonEmptyString.optional().describe('Boot image (projects/.../global/images/...).'),
  spot: z.boolean().default(false).describe('Use Spot VMs.'),
});

export const ecsProviderSchema = z.strictObject({
  type: z.literal('ecs').describe('Amazon ECS: a service whose desired count is the number of agents.'),
  region: awsRegion.describe('AWS region, e.g. eu-west-1.'),
  cluster: nonEmptyString.describe('Cluster name or ARN.'),
  service: nonEmptyString.describe('Service name or ARN.'),
});

const dnsLabel = z.string().regex(/^[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?$/, {
  error: 'must be a Kubernetes name (lowercase letters, digits and "-", at most 63)',
});

export const kubernetesProviderSchema = withChecks(
  z.strictObject({
    type: z.literal('kubernetes').describe('Kubernetes: one pod per job (image), or a Deployment of agents.'),
    namespace: dnsLabel.default('default').describe('Namespace of the pods or the Deployment.'),
    image: nonEmptyString.optional().describe('Runner image for one pod per job.'),
    deployment: dnsLabel.optional().describe('Deployment whose replica count is the number of agents.'),
  }),
  (fields, report) => {
    if (fields.get('image') !== undefined && fields.get('deployment') !== undefined) {
      report(
        ['deployment'],
        'cannot be used together with image (image: one pod per job; deployment: replicas)',
      );
    }
  },
);

export const memoryProviderSchema = z.strictObject({
  type: z.literal('memory').describe('In-process provider for tests and the simulator.'),
});

export const providerSchema = z
  .discriminatedUnion(
    'type',
    [
      dockerProviderSchema,
      ec2ProviderSchema,
      gcpProviderSchema,
      ecsProviderSchema,
      kubernetesProviderSchema,
      memoryProviderSchema,
    ],
    { error: unknownTypeError('provider') },
  )
  .describe('Where capacity lives: docker, ec2, gcp, ecs, kubernetes or memory.');

export type ProviderConfig = z.output<typeof providerSchema>;
export type { DockerProviderConfig } from './docker-schema.js';
export type Ec2ProviderConfig = z.output<typeof ec2ProviderSchema>;
export type GcpProviderConfig = z.output<typeof gcpProviderSchema>;
export type EcsProviderConfig = z.output<typeof ecsProviderSchema>;
export type KubernetesProviderConfig = z.output<typeof kubernetesProviderSchema>;
export type MemoryProviderConfig = z.output<typeof memoryProviderSchema>;
