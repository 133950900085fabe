import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerGate } from '../../support/docker-gate.js';
import { allCompleted, noBusyRunnerKilled, startE2e, type E2e } from '../harness.js';

const gate = dockerGate();

describe.skipIf(gate.skip)(gate.title('docker e2e: max 2'), () => {
  let e: E2e;
  beforeAll(async () => {
    e = await startE2e({ pool: { max: 2 } });
  });
  afterAll(async () => {
    await e.close();
  });

  it('docker: max 2 with 5 jobs never runs more than 2 containers, and all 5 complete', async () => {
    let most = 0;
    let watching = true;
    const watch = (async () => {
      while (watching) {
        const live = (await e.containers()).filter((c) => c.State !== 'exited').length;
        most = Math.max(most, live);
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    for (let i = 0; i < 5; i++) e.gh.queueJob({ labels: ['self-hosted', 'linux'], duration: 1 });
    try {
      await e.until(() => allCompleted(e.gh), 'all 5 jobs to complete', { everyMs: 500 });
    } finally {
      watching = false;
      await watch;
    }
    expect(most).toBeGreaterThan(0);
    expect(most).toBeLessThanOrEqual(2);
    expect(noBusyRunnerKilled(e.gh)).toEqual([]);
  });
});
