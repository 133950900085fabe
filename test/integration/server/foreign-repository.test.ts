import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemoryProvider } from '../../../src/providers/memory/memory-provider.js';
import { FakeGitHub } from '../../fakes/github/index.js';
import { SECRETS, startServer, until, type TestServer } from './server-harness.js';

/**
 * The pool's source is repo acme/app. An organisation (or App) webhook also delivers the
 * jobs of acme/other, whose labels match too. A JIT runner registered to acme/app can
 * never take a job of acme/other, and the full reconcile never sees that job.
 */
describe('a workflow_job of a repository no pool serves', () => {
  let gh: FakeGitHub;
  let t: TestServer;
  beforeAll(async () => {
    gh = new FakeGitHub({ tokens: [SECRETS.github], owner: 'acme', repos: ['app', 'other'] });
    await gh.start();
    t = await startServer({ githubUrl: gh.url });
    gh.webhooks = {
      secret: SECRETS.webhook,
      deliver: async (d) => {
        await t.post(d.body, d.headers);
      },
    };
  });
  afterAll(async () => {
    await gh.webhooksDelivered();
    await t.close();
    await gh.stop();
  });

  it('launches no runner of acme/app for a job queued in acme/other, and one for a job of acme/app', async () => {
    gh.queueJob({ repo: 'other', labels: ['self-hosted', 'linux'], duration: 1 });
    await gh.webhooksDelivered();
    await until(() => t.background.pending === 0, 'the background handling');
    const delivered = JSON.parse(gh.deliveries[0]?.body ?? '{}') as { repository?: { full_name?: string } };
    expect(delivered.repository?.full_name).toBe('acme/other');
    const provider = t.built.pools[0]?.provider as MemoryProvider;
    expect([...provider.machines.keys()]).toEqual([]);
    expect(gh.records.filter((r) => r.type === 'jitconfig')).toEqual([]);
    gh.queueJob({ repo: 'app', labels: ['self-hosted', 'linux'], duration: 1 });
    await gh.webhooksDelivered();
    await until(() => t.background.pending === 0, 'the background handling');
    expect(provider.machines.size).toBe(1);
  });
});
