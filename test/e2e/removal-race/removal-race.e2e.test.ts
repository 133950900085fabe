import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Source } from '../../../src/sources/source.js';
import { dockerGate } from '../../support/docker-gate.js';
import { allCompleted, noBusyRunnerKilled, startE2e, type E2e } from '../harness.js';

const gate = dockerGate();

describe.skipIf(gate.skip)(gate.title('docker e2e: a removal racing a job start'), () => {
  let warm: E2e;
  beforeAll(async () => {
    const stateFile = join(await mkdtemp(join(tmpdir(), 'ci-scaler-race-')), 'state.json');
    warm = await startE2e({ pool: { warm: 1 }, events: false, stateFile });
  });
  afterAll(async () => {
    await warm.close();
  });

  it('docker: GitHub answers 422 for the busy runner and the removal is aborted', async () => {
    await warm.reconcile();
    await warm.until(
      () => warm.gh.runners.some((r) => r.status === 'online'),
      'the warm runner to come online',
      { everyMs: 0 },
    );
    // Same pool, same store: now nothing is wanted warm, so the idle runner is a scale-in victim.
    const { pool } = warm;
    const pools = warm.built.pools;
    const runtime = pools[0];
    if (runtime === undefined) throw new Error('no pool');
    Object.assign(runtime, {
      policy: { ...runtime.policy, warm: 0, scaleDownAfterMs: 0, scaleDownCooldownMs: 0 },
    });
    // Between the decision and the deregistration, GitHub hands the idle runner a job.
    const source: Source = runtime.source;
    const deregister = source.deregister.bind(source);
    source.deregister = async (p, name) => {
      warm.gh.queueJob({ labels: ['self-hosted', 'linux'], duration: 2 });
      await warm.until(
        () => warm.gh.runners.some((r) => r.name === name && r.busy),
        'the runner to take the job',
        { everyMs: 0 },
      );
      return deregister(p, name);
    };
    const result = await warm.reconcile();
    expect(result.outcomes).toEqual([
      expect.objectContaining({
        type: 'terminate',
        result: 'skipped',
        detail: 'runner is busy: removal aborted',
      }),
    ]);
    expect((await warm.containers()).filter((c) => c.State === 'running')).toHaveLength(1);
    source.deregister = deregister;
    await warm.until(() => allCompleted(warm.gh), 'the job to complete on the runner that was not removed', {
      everyMs: 0,
    });
    expect(warm.gh.records.map((r) => r.type)).toContain('delete-refused-busy');
    expect(noBusyRunnerKilled(warm.gh)).toEqual([]);
    expect(pool).toBe(runtime.policy.name);
  });
});
