/**
 * README "Webhook server": the server runs a full reconcile of every pool "never two of one
 * pool at once in the process and always under the store's pool lock"; reconcile-loop.ts
 * promises the same ("one pool never has two full reconciles at once in this process").
 *
 * A webhook can make the engine run a full reconcile itself (engine.ts `reconcileForEvent`:
 * an `in_progress` event whose runner had been started for another job, or any queued /
 * completed event of a replica pool). The server hands the event to the engine from a
 * background task, not through its loop. Found by review: it ran next to the loop's own run
 * of the pool, since the pool lock is taken again by the same owner (this process), and the
 * first of the two to finish released it while the other was still acting. The engine now
 * runs one reconcile of a pool at a time (single-flight.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { MemoryProvider } from '../../../src/providers/memory/memory-provider.js';
import { FakeGitHub } from '../../fakes/github/index.js';
import { SECRETS, startServer, until, type TestServer } from './server-harness.js';

describe('server: full reconciles started by a webhook vs the reconcile loop', () => {
  let gh: FakeGitHub | undefined;
  let t: TestServer | undefined;
  afterEach(async () => {
    await t?.close();
    await gh?.stop();
  });

  it('never runs two full reconciles of one pool at once in the process', async () => {
    gh = new FakeGitHub({ tokens: [SECRETS.github], owner: 'acme', repos: ['app'] });
    await gh.start();
    // An hour's interval: the loop's own timer does not fire during the test.
    const server = await startServer({ githubUrl: gh.url, pool: { interval: '1h' }, loop: true });
    t = server;
    const fake = gh;
    fake.webhooks = {
      secret: SECRETS.webhook,
      deliver: (d) => server.post(d.body, d.headers).then(() => undefined),
    };
    const provider = server.built.pools[0]?.provider as MemoryProvider;

    // Job A: its queued event launches srv-A-1 on the fast path.
    const jobA = fake.queueJob({ labels: ['self-hosted', 'linux'], duration: 1 });
    await fake.webhooksDelivered();
    await until(() => provider.machines.size === 1 && server.background.pending === 0, 'the worker of job A');

    // Job B is queued while no webhook reaches the server (a lost delivery).
    const hooks = fake.webhooks;
    fake.webhooks = undefined;
    const jobB = fake.queueJob({ labels: ['self-hosted', 'linux'], duration: 1 });
    fake.webhooks = hooks;

    // Count full reconciles of the pool inside their lock (each lists the provider), each
    // held there for a while, and what each reconcile ended with.
    let running = 0;
    let most = 0;
    const list = provider.list.bind(provider);
    provider.list = async (pool) => {
      running++;
      most = Math.max(most, running);
      try {
        await new Promise((r) => setTimeout(r, 400));
        return await list(pool);
      } finally {
        running--;
      }
    };
    const engine = server.built.engine;
    const reconcile = engine.reconcile.bind(engine);
    const results: string[] = [];
    engine.reconcile = async (name, options) => {
      const r = await reconcile(name, options);
      results.push(r.result);
      return r;
    };

    // The loop reconciles the pool (as its timer or an API override would make it do)...
    server.ctx.requestReconcile?.('srv');
    await until(() => running === 1, 'the loop reconcile to start');
    // ...while GitHub hands job B to the runner started for job A: in_progress for B on srv-A-1.
    fake.startJob(`srv-${jobA.id}-1`, jobB.id);
    await fake.webhooksDelivered();
    await until(
      () => server.background.pending === 0 && running === 0 && results.length >= 1,
      'the event and the loop run to finish',
    );

    // The event did make the engine reconcile the pool (job A lost its worker to job B).
    expect(server.logs.some((l) => l.includes('which it was started for'))).toBe(true);
    // One after the other, not two listing, deciding and acting at the same time.
    expect(most).toBe(1);
    expect(results).toEqual(['ok', 'ok']);
  });
});
