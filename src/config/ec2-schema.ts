/** `provider: { type: ec2 }` — one EC2 instance per job, launched by CreateFleet. */
import * as z from 'zod';
import { durationAtLeast } from './duration.js';
import { awsRegion, awsRequestTimeout, count, nonEmptyString } from './fields.js';

/** Job labels that may choose the instance shape (`cpu=4`, `ram=8+32`, ...), see docs/providers/ec2.md. */
export const EC2_SELECTION_LABELS = ['cpu', 'ram', 'family', 'arch', 'spot', 'disk'] as const;

const tagKey = z
  .string()
  .min(1)
  .max(128)
  .refine((key) => !key.startsWith('ci-scaler:') && !key.startsWith('aws:'), {
    message: 'tags starting with "ci-scaler:" or "aws:" are reserved',
  });

export const ec2ProviderSchema = z.strictObject({
  type: z.literal('ec2').describe('Amazon EC2: one instance per job, from a launch template.'),
  region: awsRegion.describe('AWS region, e.g. eu-west-1.'),
  endpoint: z
    .url()
    .optional()
    .describe('EC2 API endpoint to use instead of the regional one (a VPC endpoint or a test server).'),
  ssmEndpoint: z
    .url()
    .optional()
    .describe(
      'SSM API endpoint (runner configs are kept in Parameter Store) to use instead of the regional one; a subnet without internet access needs a VPC endpoint for each service.',
    ),
  requestTimeout: awsRequestTimeout('EC2 or SSM'),
  launchTemplate: nonEmptyString.describe('Launch template (id lt-... or name) the instances start from.'),
  launchTemplateVersion: nonEmptyString
    .default('$Default')
    .describe('Launch template version: a number, $Default or $Latest.'),
  instanceTypes: z
    .array(nonEmptyString)
    .min(1)
    .optional()
    .describe('Instance types to try, in order of preference; default: the one in the launch template.'),
  subnets: z
    .array(z.string().regex(/^subnet-[0-9a-f]+$/, { error: 'must be a subnet id such as subnet-0abc123' }))
    .min(1)
    .optional()
    .describe('Subnets to spread over (one per availability zone); default: the launch template one.'),
  spot: z
    .enum(['prefer', 'only', 'never'])
    .default('prefer')
    .describe('Spot capacity: prefer (fall back to on-demand on capacity errors), only, or never.'),
  labelSelection: z
    .array(z.enum(EC2_SELECTION_LABELS))
    .default([])
    .describe(
      'Job labels allowed to choose the instance: cpu=4, cpu=4+16, ram=8+32 (GiB), family=c7g+m7g, ' +
        'arch=arm64|amd64, spot=false, disk=100 (GiB). Empty: labels never change the instance.',
    ),
  rootDevice: nonEmptyString
    .default('/dev/xvda')
    .describe('Device name of the root volume that disk= resizes (the AMI root device).'),
  ssmPrefix: z
    .string()
    .regex(/^(\/[A-Za-z0-9_.-]+)+$/, { error: 'must be an SSM parameter path such as /ci-scaler' })
    .default('/ci-scaler')
    .describe('SSM path under which each worker runner config is stored as a SecureString.'),
  hardLifetime: durationAtLeast(60_000)
    .prefault('6h')
    .describe('An instance shuts itself down (and terminates) after this long, even if ci-scaler is gone.'),
  circuitBreaker: z
    .strictObject({
      failures: count.min(1).default(3).describe('Capacity errors in a row that open the circuit.'),
      cooldown: durationAtLeast(1_000)
        .prefault('10m')
        .describe('How long an open circuit skips its type and zone.'),
    })
    .prefault({})
    .describe('Skip an instance type in an availability zone after repeated capacity errors.'),
  tags: z
    .record(tagKey, z.string().max(256))
    .default({})
    .describe('Extra tags for instances (the ci-scaler:* tags are always set).'),
});

export type Ec2ProviderConfig = z.output<typeof ec2ProviderSchema>;
