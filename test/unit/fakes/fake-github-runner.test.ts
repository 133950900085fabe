import { verify } from '@octokit/webhooks-methods';
import { describe, expect, it } from 'vitest';
import type { WebhookDelivery, WorkflowJobPayload } from '../../fakes/github/index.js';
import { jitRunner, useFakeGitHub } from './github-helpers.js';

/** What the test runner script does: POST with an empty body, read plain text. */
async function post(url: string): Promise<{ status: number; text: string }> {
  const response = await fetch(url, { method: 'POST', body: '' });
  return { status: response.status, text: await response.text() };
}

describe('FakeGitHub runner protocol', () => {
  const t = useFakeGitHub();

  it('connects, assigns the oldest fitting job, completes it and deregisters the runner', async () => {
    const runner = await jitRunner(t.octokit, 'linux-1', ['self-hosted', 'Linux', 'x64']);
    const [base, id, name] = Buffer.from(runner.encoded, 'base64').toString('utf8').split(' ');
    expect([base, id, name]).toEqual([t.gh.url, String(runner.id), 'linux-1']);
    const at = (path: string) => post(`${base ?? ''}/_fake${path}`);

    expect(await at(`/runners/${runner.id}/connect`)).toEqual({ status: 200, text: 'ok' });
    expect(t.gh.runners[0]).toMatchObject({ status: 'online', busy: false });
    expect(await at(`/runners/${runner.id}/acquire`)).toEqual({ status: 200, text: '' });

    t.gh.queueJob({ labels: ['self-hosted', 'gpu'], duration: 1 });
    const other = t.gh.queueJob({ repo: 'web', labels: ['linux'], duration: 1 });
    const fits = t.gh.queueJob({ labels: ['linux'], duration: 0.5 });
    const later = t.gh.queueJob({ labels: ['LINUX'], duration: 2 });
    expect(await at(`/runners/${runner.id}/acquire`)).toEqual({ status: 200, text: `${fits.id} 0.5` });
    // A retried acquire gets the same job, never a second one.
    expect((await at(`/runners/${runner.id}/acquire`)).text).toBe(`${fits.id} 0.5`);
    expect(t.gh.runners[0]).toMatchObject({ busy: true, jobId: fits.id });
    expect(t.gh.jobs.find((j) => j.id === fits.id)).toMatchObject({
      status: 'in_progress',
      runnerName: 'linux-1',
    });

    expect(await at(`/jobs/${fits.id}/complete`)).toEqual({ status: 200, text: 'ok' });
    expect(t.gh.runners).toEqual([]);
    expect(t.gh.jobs.find((j) => j.id === fits.id)).toMatchObject({
      status: 'completed',
      conclusion: 'success',
    });
    expect(t.gh.jobs.filter((j) => j.status === 'queued').map((j) => j.id)).toContain(later.id);
    expect(t.gh.jobs.find((j) => j.id === other.id)?.status).toBe('queued');
    expect(t.gh.records.map((r) => [r.type, r.runner, r.job])).toEqual([
      ['jitconfig', 'linux-1', undefined],
      ['runner-online', 'linux-1', undefined],
      ['job-started', 'linux-1', fits.id],
      ['job-completed', 'linux-1', fits.id],
    ]);
    expect(t.gh.unfinishedJobs()).toEqual([]);
    expect((await at(`/runners/${runner.id}/acquire`)).status).toBe(404);
    expect(t.gh.requests.some((r) => r.path.startsWith('/_fake'))).toBe(false);
  });

  it('answers crash to the next connects and leaves those runners offline', async () => {
    const a = await jitRunner(t.octokit, 'a');
    const b = await jitRunner(t.octokit, 'b');
    t.gh.crashNextConnects(1);
    expect((await post(`${t.gh.url}/_fake/runners/${a.id}/connect`)).text).toBe('crash');
    expect((await post(`${t.gh.url}/_fake/runners/${b.id}/connect`)).text).toBe('ok');
    expect(t.gh.runners.map((r) => [r.name, r.status])).toEqual([
      ['a', 'offline'],
      ['b', 'online'],
    ]);
    expect((await post(`${t.gh.url}/_fake/runners/999/connect`)).status).toBe(404);
  });
});

describe('FakeGitHub webhooks', () => {
  const t = useFakeGitHub();

  it('sends signed queued, in_progress and completed deliveries', async () => {
    const received: WebhookDelivery[] = [];
    t.gh.webhooks = {
      secret: 'whsec',
      deliver: (d) => {
        received.push(d);
        return Promise.resolve();
      },
    };
    await jitRunner(t.octokit, 'linux-1', ['linux']);
    const job = t.gh.queueJob({ labels: ['linux'], duration: 1, name: 'build' });
    t.gh.startJob('linux-1', job.id);
    t.gh.completeJob(job.id);
    await t.gh.webhooksDelivered();

    expect(received).toHaveLength(3);
    for (const d of received) {
      expect(await verify('whsec', d.body, d.headers['X-Hub-Signature-256'] ?? '')).toBe(true);
      expect(d.headers).toMatchObject({ 'X-GitHub-Event': 'workflow_job', 'X-GitHub-Delivery': d.id });
    }
    const payloads = received.map((d) => JSON.parse(d.body) as WorkflowJobPayload);
    expect(payloads.map((p) => [p.action, p.workflow_job.status, p.workflow_job.runner_name])).toEqual([
      ['queued', 'queued', null],
      ['in_progress', 'in_progress', 'linux-1'],
      ['completed', 'completed', 'linux-1'],
    ]);
    expect(payloads[2]?.workflow_job).toMatchObject({ id: job.id, name: 'build', conclusion: 'success' });
    expect(payloads[0]?.repository).toMatchObject({
      name: 'app',
      full_name: 'acme/app',
      owner: { login: 'acme' },
    });
    expect(payloads[0]?.organization?.login).toBe('acme');
    expect(new Set(received.map((d) => d.id)).size).toBe(3);
  });

  it('records dropped deliveries without handing them over', async () => {
    let delivered = 0;
    t.gh.webhooks = {
      secret: 'whsec',
      deliver: () => {
        delivered += 1;
        return Promise.reject(new Error('receiver down'));
      },
      drop: (d) => d.body.includes('"action":"queued"'),
    };
    const job = t.gh.queueJob({ labels: ['linux'], duration: 1 });
    await jitRunner(t.octokit, 'r', ['linux']);
    t.gh.startJob('r', job.id);
    await t.gh.webhooksDelivered();
    expect(delivered).toBe(1);
    expect(t.gh.deliveries.map((d) => [d.action, d.dropped, d.error !== undefined])).toEqual([
      ['queued', true, false],
      ['in_progress', false, true],
    ]);
  });
});
