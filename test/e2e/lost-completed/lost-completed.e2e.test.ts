import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerGate } from '../../support/docker-gate.js';
import { allCompleted, noBusyRunnerKilled, startE2e, type E2e } from '../harness.js';

const gate = dockerGate();

describe.skipIf(gate.skip)(gate.title('docker e2e: lost completed events'), () => {
  let e: E2e;
  beforeAll(async () => {
    // The `completed` deliveries never reach the engine.
    e = await startE2e({
      route: async (d, handle) => (d.body.includes('"action":"completed"') ? undefined : handle(d)),
    });
  });
  afterAll(async () => {
    await e.close();
  });

  it('docker: a reconcile removes the containers whose completed event was lost', async () => {
    e.gh.queueJob({ labels: ['self-hosted', 'linux'], duration: 1 });
    e.gh.queueJob({ labels: ['self-hosted', 'linux'], duration: 1 });
    await e.until(() => allCompleted(e.gh), 'both jobs to complete', { everyMs: 0 });
    await e.until(async () => (await e.containers()).every((c) => c.State === 'exited'), 'runners to exit', {
      everyMs: 0,
    });
    expect(await e.containers()).toHaveLength(2);
    const result = await e.reconcile();
    expect(result.outcomes.filter((o) => o.type === 'terminate' && o.result === 'ok')).toHaveLength(2);
    expect(await e.containers()).toEqual([]);
    expect(noBusyRunnerKilled(e.gh)).toEqual([]);
  });
});
