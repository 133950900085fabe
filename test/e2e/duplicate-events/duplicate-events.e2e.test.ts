import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseWorkflowJobEvent } from '../../../src/sources/github/index.js';
import type { WebhookDelivery } from '../../fakes/github/index.js';
import { dockerGate } from '../../support/docker-gate.js';
import { allCompleted, noBusyRunnerKilled, startE2e, type E2e } from '../harness.js';

const gate = dockerGate();

describe.skipIf(gate.skip)(gate.title('docker e2e: duplicate and out-of-order events'), () => {
  let e: E2e;
  const held: WebhookDelivery[] = [];
  beforeAll(async () => {
    e = await startE2e({
      route: async (d, handle) => {
        // in_progress events are held back and delivered after the completed ones.
        if (d.body.includes('"action":"in_progress"')) {
          held.push(d);
          return;
        }
        // Every other delivery arrives twice, at the same time (redelivery, two replicas).
        await Promise.all([handle(d), handle(d)]);
      },
    });
  });
  afterAll(async () => {
    await e.close();
  });

  it('docker: each job launches once, and late in_progress events change nothing', async () => {
    for (let i = 0; i < 3; i++) e.gh.queueJob({ labels: ['self-hosted', 'linux'], duration: 1 });
    await e.until(() => allCompleted(e.gh), 'all jobs to complete', { everyMs: 0 });
    await e.gh.webhooksDelivered();
    const launches = e.gh.records.filter((r) => r.type === 'jitconfig').length;
    for (const d of held.reverse())
      await e.built.engine.handleJobEvent(parseWorkflowJobEvent(JSON.parse(d.body)));
    await e.until(async () => (await e.containers()).length === 0, 'containers to be cleaned up');
    expect(launches).toBe(3);
    expect(e.gh.records.filter((r) => r.type === 'jitconfig')).toHaveLength(3);
    expect(noBusyRunnerKilled(e.gh)).toEqual([]);
  });
});
