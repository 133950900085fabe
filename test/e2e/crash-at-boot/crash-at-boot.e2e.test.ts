import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerGate } from '../../support/docker-gate.js';
import { allCompleted, noBusyRunnerKilled, startE2e, type E2e } from '../harness.js';

const gate = dockerGate();

describe.skipIf(gate.skip)(gate.title('docker e2e: a runner that crashes at boot'), () => {
  let e: E2e;
  beforeAll(async () => {
    e = await startE2e();
  });
  afterAll(async () => {
    await e.close();
  });

  it('docker: the crashed container frees its slot and its job gets a new worker', async () => {
    e.gh.crashNextConnects(1);
    const job = e.gh.queueJob({ labels: ['self-hosted', 'linux'], duration: 1 });
    const first = `${e.pool}-${job.id}-1`;
    await e.until(
      async () => (await e.containers()).some((c) => c.Names.includes(`/${first}`) && c.State === 'exited'),
      'the first runner to crash',
      { everyMs: 0 },
    );
    const repair = await e.reconcile();
    expect(repair.outcomes.map((o) => `${o.type} ${o.target} ${o.result}`)).toEqual([
      `terminate ${first} ok`,
      `launch ${e.pool}-${job.id}-2 ok`,
    ]);
    await e.until(() => allCompleted(e.gh), 'the job to complete on its second worker');
    expect(e.gh.jobs[0]?.runnerName).toBe(`${e.pool}-${job.id}-2`);
    expect(noBusyRunnerKilled(e.gh)).toEqual([]);
  });
});
