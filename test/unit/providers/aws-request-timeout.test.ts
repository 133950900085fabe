/**
 * `requestTimeout` reaches the real SDK clients of both AWS providers: a call to an endpoint
 * that accepts the connection and never answers (a half-open connection, a stalled proxy)
 * fails as a retryable ProviderError instead of holding the reconcile and its pool lock.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ecsProviderSchema } from '../../../src/config/ecs-schema.js';
import { ProviderError } from '../../../src/core/errors.js';
import { createEc2Provider } from '../../../src/providers/ec2/index.js';
import { createEcsProvider } from '../../../src/providers/ecs/index.js';
import { silentLogger } from '../../../src/telemetry/logger.js';
import { ec2Config, ec2Deps } from '../../fakes/aws/ec2-test-deps.js';
import { listenOnLoopback } from '../../support/loopback.js';
import { poolPolicy } from '../../support/pool-policy.js';

interface Silent {
  readonly url: string;
  /** Connections accepted so far: one per attempt the SDK made. */
  connections(): number;
  close(): Promise<void>;
}

/** A TCP server that accepts every connection and never writes a byte. */
async function silentServer(): Promise<Silent> {
  const sockets: Socket[] = [];
  const server: Server = createServer((socket) => sockets.push(socket));
  const port = await listenOnLoopback(server);
  return {
    url: `http://127.0.0.1:${port}`,
    connections: () => sockets.length,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => {
          resolve();
        });
      }),
  };
}

const servers: Silent[] = [];

afterEach(async () => {
  vi.unstubAllEnvs();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

type Call = (endpoint: string) => Promise<unknown>;

const providers: readonly (readonly [string, Call])[] = [
  [
    'ec2',
    (endpoint) =>
      createEc2Provider(
        ec2Config({ endpoint, ssmEndpoint: endpoint, requestTimeout: '200ms' }),
        ec2Deps(),
      ).list(poolPolicy('ec2-pool')),
  ],
  [
    'ecs',
    (endpoint) =>
      createEcsProvider(
        ecsProviderSchema.parse({
          type: 'ecs',
          region: 'eu-west-1',
          endpoint,
          requestTimeout: '200ms',
          cluster: 'ci-agents',
          services: [{ name: 'tfc-agents' }],
        }),
        { logger: silentLogger, clock: Date.now },
      ).describe(poolPolicy('tfc', { capacity: 'replica' })),
  ],
];

describe.each(providers)('%s requestTimeout', (_name, call) => {
  it('a call that gets no answer fails as a retryable ProviderError naming the timeout', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDEXAMPLE');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret-example');
    const server = await silentServer();
    servers.push(server);

    const error: unknown = await call(server.url).then(
      () => undefined,
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).retryable).toBe(true);
    expect((error as ProviderError).message).toMatch(/ETIMEDOUT|timed? ?out/i);
    // The SDK retried the timed-out call (its default is 3 attempts) before giving up.
    expect(server.connections()).toBeGreaterThan(1);
  }, 15_000);
});

describe('requestTimeout config', () => {
  it('defaults to 10 s and refuses a value that is not a duration, naming the key', () => {
    expect(ec2Config().requestTimeout).toBe(10_000);
    expect(() => ec2Config({ requestTimeout: 'soon' })).toThrow(/requestTimeout/);
  });
});
