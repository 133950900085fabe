/**
 * Found by review: a delivery whose fast path fails is logged and its id forgotten, so a
 * redelivery would try again; but GitHub redelivers only when someone asks, so the job
 * waited for the pool's next interval. The server now reconciles the event's pool at once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { MemoryProvider } from '../../../src/providers/memory/memory-provider.js';
import { FakeGitHub } from '../../fakes/github/index.js';
import { SECRETS, startServer, until, type TestServer } from './server-harness.js';

describe('server: a webhook whose fast path fails', () => {
  let gh: FakeGitHub | undefined;
  let t: TestServer | undefined;
  afterEach(async () => {
    await t?.close();
    await gh?.stop();
  });

  it("reconciles the event's pool at once instead of waiting for the interval", async () => {
    gh = new FakeGitHub({ tokens: [SECRETS.github], owner: 'acme', repos: ['app'] });
    await gh.start();
    // An hour's interval: the loop's own first run is minutes away.
    const server = await startServer({ githubUrl: gh.url, pool: { interval: '1h' }, loop: true });
    t = server;
    const engine = server.built.engine;
    engine.handleJobEvent = () => Promise.reject(new Error('state store unavailable'));
    const reconciled: string[] = [];
    const reconcile = engine.reconcile.bind(engine);
    engine.reconcile = (name, options) => {
      reconciled.push(name);
      return reconcile(name, options);
    };
    gh.webhooks = {
      secret: SECRETS.webhook,
      deliver: (d) => server.post(d.body, d.headers).then(() => undefined),
    };
    gh.queueJob({ labels: ['self-hosted', 'linux'], duration: 1 });
    await gh.webhooksDelivered();
    await until(() => reconciled.length > 0, 'a reconcile of the pool');
    expect(reconciled).toEqual(['srv']);
    expect(server.logs.some((l) => l.includes('failed: state store unavailable'))).toBe(true);
    // The reconcile launched the job's worker, as the fast path would have.
    const provider = server.built.pools[0]?.provider as MemoryProvider;
    await until(() => provider.machines.size === 1, "the job's worker");
  });
});
