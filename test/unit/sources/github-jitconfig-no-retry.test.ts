/**
 * Found by review: a generate-jitconfig POST whose answer was lost was retried, and the
 * retry's 409 read as "already launched" although nobody held the runner's JIT config.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GithubSourceConfig } from '../../../src/config/source-schema.js';
import type { PoolPolicy } from '../../../src/core/types.js';
import { createSource } from '../../../src/sources/registry.js';
import { silentLogger } from '../../../src/telemetry/logger.js';
import { FakeGitHub } from '../../fakes/github/index.js';
import { githubSourceConfig } from '../../support/github-config.js';
import { policy } from '../core/builders.js';

let gh: FakeGitHub;
let proxy: Server;
let proxyUrl: string;
/** How many generate-jitconfig answers to lose (GitHub did the work; the client sees a 502). */
let loseJitAnswers = 0;
const pool: PoolPolicy = policy({ name: 'gh', labels: ['self-hosted', 'linux'] });

/** A gateway in front of the fake GitHub that forwards everything and can lose an answer. */
function startProxy(target: string): Promise<string> {
  const to = new URL(target);
  proxy = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const up = request(
        { host: to.hostname, port: to.port, path: req.url, method: req.method, headers: req.headers },
        (upRes) => {
          const body: Buffer[] = [];
          upRes.on('data', (c: Buffer) => body.push(c));
          upRes.on('end', () => {
            if (
              req.method === 'POST' &&
              (req.url ?? '').includes('generate-jitconfig') &&
              loseJitAnswers > 0
            ) {
              loseJitAnswers -= 1;
              res.writeHead(502, { 'content-type': 'application/json' });
              res.end(JSON.stringify({ message: 'Server Error' }));
              return;
            }
            res.writeHead(upRes.statusCode ?? 500, upRes.headers);
            res.end(Buffer.concat(body));
          });
        },
      );
      up.end(Buffer.concat(chunks));
    });
  });
  return new Promise((resolve) => {
    proxy.listen(0, '127.0.0.1', () => {
      resolve(`http://127.0.0.1:${(proxy.address() as AddressInfo).port}`);
    });
  });
}

const config = (): GithubSourceConfig => githubSourceConfig(proxyUrl);

beforeEach(async () => {
  gh = new FakeGitHub({ tokens: ['ghp_test'], owner: 'acme', repos: ['app'] });
  await gh.start();
  proxyUrl = await startProxy(gh.url);
  loseJitAnswers = 0;
});
afterEach(async () => {
  await new Promise((resolve) => proxy.close(resolve));
  await gh.stop();
});

describe('GitHub source: JIT config whose answer was lost', () => {
  it('a retried generate-jitconfig that GitHub already carried out does not come back as "already exists"', async () => {
    const src = await createSource(config(), { logger: silentLogger, env: {}, shared: new Map() }, 'p');
    loseJitAnswers = 1;
    const outcome = await src.register(pool, { jobId: '1', attempt: 1, name: 'gh-5000-1' }).then(
      (creds) => ({ creds }),
      (err: unknown) => ({ err }),
    );
    // GitHub registered gh-5000-1 on the first POST; the retry plugin sent it again and
    // GitHub answered 409. The executor reads alreadyExists as "already launched" and
    // starts no machine: nobody ever holds this registration's JIT config.
    expect(gh.runners.map((r) => r.name)).toContain('gh-5000-1');
    expect(outcome).not.toMatchObject({ err: { alreadyExists: true } });
    // Not retried: a failure the executor withdraws and the next attempt's name replaces.
    expect(outcome).toMatchObject({ err: { alreadyExists: false } });
  }, 20_000);
});
