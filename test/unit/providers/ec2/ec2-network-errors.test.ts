/**
 * Found by review: a connection failure through the real AWS SDK is mapped as not retryable. After
 * its own retries the SDK's retry middleware gives every error it throws a `$metadata`
 * (`attempts`, `totalRetryDelay`), network errors included; ec2-errors.ts takes any error
 * with `$metadata` for a service answer, so the code becomes the error's `name` ("Error")
 * and `network` (which requires no `$metadata`) is false.
 */
import { createServer } from 'node:net';
import { EC2Client } from '@aws-sdk/client-ec2';
import { SSMClient } from '@aws-sdk/client-ssm';
import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../../../src/core/errors.js';
import { createEc2Provider } from '../../../../src/providers/ec2/index.js';
import { ec2Config, ec2Deps } from '../../../fakes/aws/ec2-test-deps.js';
import { listenOnLoopback } from '../../../support/loopback.js';
import { poolPolicy } from '../../../support/pool-policy.js';

/** A local port nobody listens on: connecting is refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  const port = await listenOnLoopback(server);
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
  return port;
}

describe('network failures through the real SDK', () => {
  it('a refused connection to EC2 is a retryable ProviderError naming ECONNREFUSED', async () => {
    const endpoint = `http://127.0.0.1:${await closedPort()}`;
    const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret-example' };
    const ec2 = new EC2Client({ region: 'eu-west-1', endpoint, credentials, maxAttempts: 2 });
    const ssm = new SSMClient({ region: 'eu-west-1', endpoint, credentials, maxAttempts: 2 });
    const provider = createEc2Provider(ec2Config({ endpoint }), ec2Deps(), { ec2, ssm });

    const error: unknown = await provider.list(poolPolicy('ec2-pool')).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).message).toContain('ECONNREFUSED');
    expect((error as ProviderError).retryable).toBe(true);
    // The message names the code, as for every other failure: `failed (ECONNREFUSED)`.
    expect((error as ProviderError).message).toContain('(ECONNREFUSED)');
  });
});
