import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerGate } from '../../support/docker-gate.js';
import { ActionWorld, TOKEN, type ActionRun } from './action-harness.js';

const gate = dockerGate();

function noSecrets(run: ActionRun): void {
  const shown = `${run.stdout}${run.stderr}${run.summary}${JSON.stringify(run.outputs)}`;
  // Secrets may appear only in their ::add-mask:: registration, which the runner consumes.
  const masked = [...run.stdout.matchAll(/^::add-mask::(.+)$/gm)].map((m) => m[1] ?? '');
  expect(masked).toContain(TOKEN);
  // Ours: the token and the JIT configs (base64 of "<url> <runner id> <name>" from the fake).
  const jit = masked.filter((m) => Buffer.from(m, 'base64').toString().startsWith('http://127.0.0.1:'));
  const rest = shown.replace(/^::add-mask::.+$/gm, '');
  for (const secret of [TOKEN, ...jit]) expect(rest).not.toContain(secret);
}

describe.skipIf(gate.skip)(gate.title('docker e2e: the bundled action (node dist/action.js)'), () => {
  const world = new ActionWorld();
  beforeAll(async () => {
    await world.start();
  });
  afterAll(async () => {
    await world.stop();
  });

  it('docker: queued -> a container starts; completed -> it is removed; state persists through the cache', async () => {
    const job = world.gh.queueJob({ labels: ['self-hosted', 'linux'], duration: 1 });
    const queued = await world.run('workflow_job', await world.payload('queued', job.id));
    expect(queued.stderr).toBe('');
    expect(queued.stdout).not.toMatch(/^::error/m);
    expect(queued.code).toBe(0);
    expect(queued.outputs.launched).toBe('1');
    expect(JSON.parse(queued.outputs.desired ?? '{}')).toEqual({ [world.pool]: 1 });
    expect(queued.summary).toContain(`### Pool \`${world.pool}\``);
    noSecrets(queued);
    expect((await world.containers()).map((c) => c.Names[0])).toEqual([`/${world.pool}-${job.id}-1`]);

    await world.until(() => world.gh.jobs.every((j) => j.status === 'completed'), 'the job to complete');
    const runner = world.gh.jobs[0]?.runnerName ?? undefined;
    const completed = await world.run('workflow_job', await world.payload('completed', job.id, runner));
    expect(completed.code).toBe(0);
    expect(Number(completed.outputs.terminated)).toBeGreaterThanOrEqual(1);
    expect(await world.containers()).toEqual([]);
    noSecrets(completed);
    // The second run restored what the first saved: its lookup matched a key of this pool.
    const matched = world.cache.calls.filter(
      (c) => c.kind === 'twirp' && c.method === 'GetCacheEntryDownloadURL' && c.status === 200,
    );
    expect(matched.length).toBeGreaterThan(0);
    expect(world.cache.keys().filter((k) => k.includes(world.pool)).length).toBeGreaterThanOrEqual(2);
    expect(world.gh.unfinishedJobs()).toEqual([]);
  });

  it('docker: a scheduled run repairs a missed queued event and a missed completed event', async () => {
    const job = world.gh.queueJob({ labels: ['self-hosted', 'linux'], duration: 1 });
    const first = await world.run('schedule');
    expect(first.code).toBe(0);
    expect(first.outputs.launched).toBe('1');
    await world.until(() => world.gh.jobs.every((j) => j.status === 'completed'), 'the job to complete');
    await world.until(
      async () => (await world.containers()).every((c) => c.State === 'exited'),
      'the runner to exit',
    );
    const second = await world.run('schedule');
    expect(second.code).toBe(0);
    expect(second.outputs.terminated).toBe('1');
    expect(await world.containers()).toEqual([]);
    expect(world.gh.jobs.find((j) => j.id === job.id)?.runnerName).toBe(`${world.pool}-${job.id}-1`);
  });

  it('docker: two runs started at once for the same job launch once', async () => {
    const job = world.gh.queueJob({ labels: ['self-hosted', 'linux'], duration: 1 });
    const event = await world.payload('queued', job.id);
    const before = world.gh.records.filter((r) => r.type === 'jitconfig').length;
    const [a, b] = await Promise.all([world.run('workflow_job', event), world.run('workflow_job', event)]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(world.gh.records.filter((r) => r.type === 'jitconfig').length - before).toBe(1);
    expect([a.outputs.launched, b.outputs.launched].sort()).toEqual(['0', '1']);
    expect((await world.containers()).filter((c) => c.State === 'running')).toHaveLength(1);
    await world.until(() => world.gh.jobs.every((j) => j.status === 'completed'), 'the job to complete');
  });
});
