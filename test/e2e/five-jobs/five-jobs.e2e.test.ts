import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerGate } from '../../support/docker-gate.js';
import { allCompleted, noBusyRunnerKilled, startE2e, type E2e } from '../harness.js';

const gate = dockerGate();

describe.skipIf(gate.skip)(gate.title('docker e2e: five queued jobs'), () => {
  let e: E2e;
  beforeAll(async () => {
    e = await startE2e();
  });
  afterAll(async () => {
    await e.close();
  });

  it('docker: 5 queued jobs -> 5 containers with distinct JIT configs -> all complete -> nothing left', async () => {
    for (let i = 0; i < 5; i++) e.gh.queueJob({ labels: ['self-hosted', 'linux'], duration: 2 });
    await e.until(async () => (await e.containers()).length === 5, '5 containers', { everyMs: 0 });
    const envs = await Promise.all(
      (await e.containers()).map(async (c) => (await e.docker.getContainer(c.Id).inspect()).Config.Env),
    );
    const jit = envs.map((env) => env.find((v) => v.startsWith('ACTIONS_RUNNER_INPUT_JITCONFIG=')));
    expect(new Set(jit).size).toBe(5);
    expect(e.logs.text()).not.toMatch(new RegExp(jit.map((j) => (j ?? 'x').split('=')[1]).join('|')));
    await e.until(() => allCompleted(e.gh), 'all 5 jobs to complete', { everyMs: 0 });
    await e.until(
      async () => (await e.containers()).length === 0 && e.gh.runners.length === 0,
      'containers and registrations gone',
    );
    expect(noBusyRunnerKilled(e.gh)).toEqual([]);
    expect(e.gh.records.filter((r) => r.type === 'jitconfig')).toHaveLength(5);
  });
});
