/** `provider: { type: docker }` — one container per job on a Docker engine. */
import * as z from 'zod';
import { byteSizeSchema } from './byte-size.js';
import { asString, withChecks, type Fields, type Report } from './cross-checks.js';
import { durationSchema } from './duration.js';
import { nonEmptyString } from './fields.js';

/** 1 to 65535: the schema refuses what the provider would refuse at its first call. */
const PORT = '(?:[1-9]\\d{0,3}|[1-5]\\d{4}|6[0-4]\\d{3}|65[0-4]\\d{2}|655[0-2]\\d|6553[0-5])';
const DOCKER_HOST = new RegExp(
  `^(?:unix:///\\S+|npipe://\\S+|tcp://(?:\\[[0-9A-Fa-f:.]+\\]|[^\\s/:@[\\]]+):${PORT}/?|ssh://(?:[^\\s@/]+@)?[^\\s@/:]+(?::${PORT})?)$`,
);
/** Containers are found again by these labels, so users may not set them. */
const RESERVED_LABEL_PREFIX = 'ci-scaler.';

const tlsSchema = z
  .strictObject({
    ca: nonEmptyString.describe('Path of the CA certificate that signed the daemon certificate.'),
    cert: nonEmptyString.describe('Path of the client certificate.'),
    key: nonEmptyString.describe('Path of the client private key.'),
  })
  .describe('Client TLS files for a tcp:// host (as docker --tlsverify).');

const labelKey = z
  .string()
  .min(1)
  .refine((key) => !key.startsWith(RESERVED_LABEL_PREFIX), {
    message: `labels starting with "${RESERVED_LABEL_PREFIX}" are reserved for ci-scaler`,
  });

const dockerObject = z.strictObject({
  type: z.literal('docker').describe('Docker: one container per job, on the local or a remote engine.'),
  image: nonEmptyString.describe('Runner image, e.g. ghcr.io/actions/actions-runner:latest.'),
  mode: z
    .enum(['ephemeral', 'replica'])
    .default('ephemeral')
    .describe(
      'ephemeral: one container per job, removed after it; replica: a count of long-lived agent ' +
        'containers (Terraform agents), named as their agents (TFC_AGENT_NAME).',
    ),
  host: z
    .string()
    .regex(DOCKER_HOST, { error: 'must be unix:///path, tcp://host:port, ssh://user@host or npipe://path' })
    .optional()
    .describe('Docker engine to use, as DOCKER_HOST. Default: the local engine.'),
  tls: tlsSchema.optional(),
  env: z
    .record(
      z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'must be an environment variable name' }),
      z.string(),
    )
    .optional()
    .describe('Extra environment variables for the container.'),
  cpus: z.number().positive().optional().describe('CPU limit, as docker --cpus (e.g. 1.5).'),
  memory: byteSizeSchema.optional().describe('Memory limit, as docker --memory: 512m, 2g, or bytes.'),
  networkMode: nonEmptyString
    .optional()
    .describe('Network mode, as docker --network (bridge, host, or a network).'),
  stopTimeout: durationSchema
    .prefault('30s')
    .describe('How long a stopping container gets before it is killed.'),
  labels: z
    .record(labelKey, z.string())
    .optional()
    .describe('Extra container labels (keys starting with "ci-scaler." are reserved).'),
});

function checkDocker(fields: Fields, report: Report): void {
  // A tcp:// host that is wrong (no port) has its own problem: tls is still meant for it.
  const host = asString(fields.get('host')) ?? asString(fields.raw('host'));
  if (fields.get('tls') !== undefined && !(host?.startsWith('tcp://') ?? false)) {
    report(['tls'], 'only used with a tcp:// host');
  }
}

export const dockerProviderSchema = withChecks(dockerObject, checkDocker);
export type DockerProviderConfig = z.output<typeof dockerProviderSchema>;
