/** `provider:` — where capacity lives. */
import * as z from 'zod';
import { withChecks } from './cross-checks.js';
import { dockerProviderSchema } from './docker-schema.js';
import { ec2ProviderSchema } from './ec2-schema.js';
import { ecsProviderSchema } from './ecs-schema.js';
import { nonEmptyString, unknownTypeError } from './fields.js';

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
export type { Ec2ProviderConfig } from './ec2-schema.js';
export type GcpProviderConfig = z.output<typeof gcpProviderSchema>;
export type { EcsProviderConfig, EcsServiceConfig } from './ecs-schema.js';
export type KubernetesProviderConfig = z.output<typeof kubernetesProviderSchema>;
export type MemoryProviderConfig = z.output<typeof memoryProviderSchema>;
