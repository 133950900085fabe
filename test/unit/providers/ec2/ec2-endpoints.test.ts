/**
 * `endpoint` and `ssmEndpoint` reach the real SDK clients: each service's requests go to
 * its own server (a private subnet reaches EC2 and SSM through separate VPC endpoints).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEc2Provider } from '../../../../src/providers/ec2/index.js';
import { listen, type FakeRequest, type RunningServer } from '../../../fakes/fake-http-server.js';
import { ec2Config, ec2Deps } from '../../../fakes/aws/ec2-test-deps.js';
import { poolPolicy } from '../../../support/pool-policy.js';

const servers: RunningServer[] = [];

afterEach(async () => {
  vi.unstubAllEnvs();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A server that records what reached it and answers as an empty EC2 or SSM would. */
async function service(kind: 'ec2' | 'ssm'): Promise<{ url: string; seen: FakeRequest[] }> {
  const seen: FakeRequest[] = [];
  const server = await listen(kind, (req) => {
    seen.push(req);
    return kind === 'ssm'
      ? { status: 200, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: '{"Parameters":[]}' }
      : {
          status: 200,
          headers: { 'content-type': 'text/xml' },
          body: '<DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><reservationSet/></DescribeInstancesResponse>',
        };
  });
  servers.push(server);
  return { url: server.url, seen };
}

describe('EC2 provider endpoints', () => {
  it('sends EC2 calls to `endpoint` and SSM calls to `ssmEndpoint`', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDEXAMPLE');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret-example');
    const ec2 = await service('ec2');
    const ssm = await service('ssm');
    const provider = createEc2Provider(ec2Config({ endpoint: ec2.url, ssmEndpoint: ssm.url }), ec2Deps());
    const pool = poolPolicy('ec2-pool');

    await expect(provider.list(pool)).resolves.toEqual([]);
    await provider.housekeep?.(pool, []);

    expect(ec2.seen.map((r) => new URLSearchParams(r.body.toString()).get('Action'))).toEqual([
      'DescribeInstances',
    ]);
    expect(ssm.seen.map((r) => r.headers['x-amz-target'])).toEqual(['AmazonSSM.GetParametersByPath']);
  });

  it('refuses an ssmEndpoint that is not a URL, naming the key', () => {
    expect(() => ec2Config({ ssmEndpoint: 'ssm.internal' })).toThrow(/ssmEndpoint/);
  });
});
