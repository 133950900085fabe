import { request } from 'node:http';
import { connect } from 'node:net';
import { webhookDefinitions } from '../../support/webhook-examples.js';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { MemoryProvider } from '../../../src/providers/memory/memory-provider.js';
import type { StateStore } from '../../../src/state/store.js';
import { FakeGitHub } from '../../fakes/github/index.js';
import { SECRETS, signed, startServer, until, type TestServer } from './server-harness.js';

const definitions = webhookDefinitions;
const examples = (name: string): unknown[] => definitions.find((d) => d.name === name)?.examples ?? [];

/** Log lines must never hold a planted secret or a JIT config. */
function leaked(server: TestServer): string[] {
  const text = server.logs.join('');
  return [...Object.values(SECRETS), ...server.secrets()].filter((secret) => text.includes(secret));
}

// The Node server answers POST /webhook itself; a fetch runtime goes through the Hono route.
describe.each(['node', 'hono'] as const)('POST /webhook (%s route): signatures and bad input', (via) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer({ webhookVia: via });
  });
  afterAll(async () => {
    await s.close();
  });

  it('accepts every workflow_job example of @octokit/webhooks-examples with 202, and ping with 200', async () => {
    const jobs = examples('workflow_job');
    expect(jobs.length).toBeGreaterThan(3);
    for (const example of jobs) {
      const body = JSON.stringify(example);
      const res = await s.post(body, await signed(body));
      expect(res.status, body.slice(0, 80)).toBe(202);
      expect(await res.json()).toMatchObject({ status: 'accepted' });
    }
    for (const example of examples('ping')) {
      const body = JSON.stringify(example);
      const res = await s.post(body, await signed(body, 'ping'));
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: 'pong' });
    }
    await until(() => s.background.pending === 0, 'the background handling');
    // The examples' labels match no pool here: handled, noted, nothing launched.
    expect(s.metrics.events.length).toBe(jobs.length);
  });

  it('401 for a bad signature, a missing one, a foreign secret and a tampered body', async () => {
    const body = JSON.stringify(examples('workflow_job')[5]);
    const good = await signed(body);
    const cases: [string, Record<string, string>, string][] = [
      ['bad', { ...good, 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` }, body],
      [
        'missing',
        Object.fromEntries(Object.entries(good).filter(([k]) => k !== 'x-hub-signature-256')),
        body,
      ],
      ['foreign secret', await signed(body, 'workflow_job', 'not-our-secret'), body],
      ['tampered body', good, body.replace('queued', 'waiting')],
      [
        'sha1 form',
        { ...good, 'x-hub-signature-256': (good['x-hub-signature-256'] ?? '').replace('sha256', 'sha1') },
        body,
      ],
      ['empty body', await signed('x'), ''],
    ];
    for (const [what, headers, text] of cases) {
      const res = await s.post(text, headers);
      expect(res.status, what).toBe(401);
    }
    expect(s.metrics.webhooks.filter((o) => o === 'rejected').length).toBeGreaterThanOrEqual(cases.length);
  });

  it('accepts a delivery signed with a previous secret (rotation)', async () => {
    const body = JSON.stringify(examples('workflow_job')[5]);
    const res = await s.post(body, await signed(body, 'workflow_job', SECRETS.previous));
    expect(res.status).toBe(202);
  });

  it('400 for malformed JSON and for a workflow_job payload without the fields it needs', async () => {
    const malformed = '{"action": "queued", ';
    expect((await s.post(malformed, await signed(malformed))).status).toBe(400);
    const shapeless = JSON.stringify({ action: 'queued', workflow_job: { id: 'x' } });
    const res = await s.post(shapeless, await signed(shapeless));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/workflow_job\.id/);
  });

  it('202 ignored for other events and unknown workflow_job actions', async () => {
    const push = JSON.stringify(examples('push')[0]);
    const res = await s.post(push, await signed(push, 'push'));
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ status: 'ignored' });
    const future = JSON.stringify({ ...(examples('workflow_job')[5] as object), action: 'teleported' });
    const res2 = await s.post(future, await signed(future));
    expect(res2.status).toBe(202);
    expect(await res2.json()).toMatchObject({ status: 'ignored' });
  });

  it('413 over 1 MiB, by Content-Length and while streaming a chunked body', async () => {
    const big = `{"pad":"${'x'.repeat(1024 * 1024)}"}`;
    expect((await s.post(big, await signed(big))).status).toBe(413);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${s.url}/webhook`, {
        method: 'POST',
        headers: { 'x-github-event': 'workflow_job', 'transfer-encoding': 'chunked' },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      const chunk = 'y'.repeat(64 * 1024);
      // 4 MiB offered; the server answers once it has seen a little more than 1 MiB.
      let sent = 0;
      const pump = (): void => {
        while (sent < 64 && req.write(chunk)) sent++;
        if (sent < 64) req.once('drain', pump);
        else req.end();
      };
      pump();
    });
    expect(status).toBe(413);
  });

  it('senders that hang up before their answer leave the server answering the next one', async () => {
    const body = JSON.stringify(examples('workflow_job')[0]);
    const { hostname, port } = new URL(s.url);
    // Answers wait for the loop's check phase (node-webhook.ts): by then the socket is gone.
    for (let i = 0; i < 50; i++) {
      const headers = { ...(await signed(body)), 'content-length': String(Buffer.byteLength(body)) };
      const head = Object.entries(headers)
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('');
      const socket = connect(Number(port), hostname);
      socket.on('error', () => undefined);
      socket.write(`POST /webhook HTTP/1.1\r\nhost: ${hostname}\r\n${head}\r\n${body}`, () => {
        socket.destroy();
      });
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    const res = await s.post(body, await signed(body));
    expect(res.status).toBe(202);
    expect(s.logs.join('')).not.toContain('POST /webhook failed');
  });

  it('/healthz, /readyz and /metrics answer', async () => {
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${s.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
    const metrics = await fetch(`${s.url}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await metrics.text()).toMatch(/^test_webhooks_total \d+$/m);
  });

  it('no secret reached a log line', () => {
    expect(s.logs.length).toBeGreaterThan(3);
    expect(leaked(s)).toEqual([]);
  });
});

describe('/readyz with a state store in trouble', () => {
  const broken = (get: StateStore['get']) => (real: StateStore) => ({
    ...real,
    get,
    type: real.type,
    capabilities: real.capabilities,
  });

  it('503 when the store throws, naming no backend detail; 200 again when it answers', async () => {
    let failing = true;
    const t = await startServer({
      store: (real) =>
        broken((key) =>
          failing ? Promise.reject(new Error(`disk on fire ${SECRETS.github}`)) : real.get(key),
        )(real),
    });
    try {
      const res = await fetch(`${t.url}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.text()).not.toContain('disk on fire');
      expect(t.logs.join('')).toMatch(/not ready: state store \(memory\): disk on fire \*\*\*/);
      failing = false;
      expect((await fetch(`${t.url}/readyz`)).status).toBe(200);
      expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
      expect(leaked(t)).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it('503 when the store does not answer in time', async () => {
    const t = await startServer({ store: broken(() => new Promise(() => undefined)) });
    try {
      expect((await fetch(`${t.url}/readyz`)).status).toBe(503);
    } finally {
      await t.close();
    }
  });
});

describe('POST /webhook: the fast path over real deliveries from a fake GitHub', () => {
  let gh: FakeGitHub;
  let t: TestServer;
  const statuses: number[] = [];
  const jit: string[] = [];

  beforeAll(async () => {
    gh = new FakeGitHub({ tokens: [SECRETS.github], owner: 'acme', repos: ['app'] });
    await gh.start();
    t = await startServer({ githubUrl: gh.url });
    const provider = t.built.pools[0]?.provider as MemoryProvider;
    const launch = provider.launch.bind(provider);
    provider.launch = (spec) => {
      jit.push(spec.env['ACTIONS_RUNNER_INPUT_JITCONFIG'] ?? '');
      return launch(spec);
    };
    gh.webhooks = {
      secret: SECRETS.webhook,
      deliver: async (d) => {
        const res = await t.post(d.body, d.headers);
        statuses.push(res.status);
      },
    };
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });
  afterAll(async () => {
    await gh.webhooksDelivered();
    await t.close();
    await gh.stop();
  });

  const provider = () => t.built.pools[0]?.provider as MemoryProvider;
  const firstDelivery = () => {
    const d = gh.deliveries[0];
    if (d === undefined) throw new Error('no delivery yet');
    return d;
  };

  it('a queued job launches its worker once; a redelivery is a duplicate and launches nothing', async () => {
    const job = gh.queueJob({ labels: ['self-hosted', 'linux'], duration: 1 });
    await gh.webhooksDelivered();
    expect(statuses).toEqual([202]);
    await until(() => provider().machines.size === 1, 'the worker to launch');
    expect([...provider().machines.keys()]).toEqual([`srv-${job.id}-1`]);
    const delivery = firstDelivery();
    const again = await t.post(delivery.body, delivery.headers);
    expect(again.status).toBe(202);
    expect(await again.json()).toMatchObject({ status: 'duplicate' });
    // The same event under a new delivery id reaches the engine, whose claim refuses a second launch.
    await t.post(delivery.body, await signed(delivery.body));
    await until(() => t.background.pending === 0, 'the background handling');
    expect(gh.records.filter((r) => r.type === 'jitconfig')).toHaveLength(1);
    expect(provider().machines.size).toBe(1);
    expect(t.metrics.webhooks).toContain('duplicate');
    const line = t.logs.find(
      (l) => l.includes('"action":"queued"') && l.includes(`"delivery":"${delivery.id}"`),
    );
    expect(JSON.parse(line ?? '{}')).toMatchObject({
      pool: 'srv',
      job: String(job.id),
      delivery: delivery.id,
    });
  });

  it('a failure in the background is logged with the delivery and counted, and a redelivery tries again', async () => {
    const onUnhandled = vi.fn();
    process.on('unhandledRejection', onUnhandled);
    try {
      vi.spyOn(t.built.engine, 'handleJobEvent').mockRejectedValueOnce(new Error(`boom ${SECRETS.api}`));
      const body = firstDelivery().body;
      const headers = await signed(body);
      expect((await t.post(body, headers)).status).toBe(202);
      await until(() => t.metrics.webhooks.includes('failed'), 'the failure to be counted');
      const line = t.logs.find((l) => l.includes('failed: boom'));
      expect(JSON.parse(line ?? '{}')).toMatchObject({
        level: 'error',
        delivery: headers['x-github-delivery'],
      });
      const again = await t.post(body, headers);
      expect(await again.json()).toMatchObject({ status: 'accepted' });
      await until(() => t.background.pending === 0, 'the background handling');
      expect(onUnhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('no secret and no JIT config reached a log line', () => {
    expect(jit.length).toBe(1);
    expect(t.secrets()).toEqual(
      expect.arrayContaining([...jit, SECRETS.webhook, SECRETS.previous, SECRETS.api]),
    );
    expect(t.logs.length).toBeGreaterThan(3);
    expect(leaked(t)).toEqual([]);
  });
});

describe('POST /webhook: a launch held by scaleUp.after', () => {
  it('goes out when it falls due, woken through the reconcile loop, not at the next interval', async () => {
    const gh = new FakeGitHub({ tokens: [SECRETS.github], owner: 'acme', repos: ['app'] });
    await gh.start();
    // An hour's interval: the loop's own first run comes 6 minutes after this test is over.
    const t = await startServer({
      githubUrl: gh.url,
      pool: { scaleUp: { after: '2s' }, interval: '1h' },
      loop: true,
    });
    try {
      gh.webhooks = {
        secret: SECRETS.webhook,
        deliver: (d) => t.post(d.body, d.headers).then(() => undefined),
      };
      const provider = t.built.pools[0]?.provider as MemoryProvider;
      const queuedAt = Date.now();
      const job = gh.queueJob({ labels: ['self-hosted', 'linux'], duration: 1 });
      await gh.webhooksDelivered();
      await until(() => t.background.pending === 0, 'the background handling');
      expect(provider.machines.size).toBe(0);
      await until(() => provider.machines.size === 1, 'the held launch', 8_000);
      expect(Date.now() - queuedAt).toBeGreaterThanOrEqual(2_000);
      expect([...provider.machines.keys()]).toEqual([`srv-${job.id}-1`]);
    } finally {
      await t.close();
      await gh.stop();
    }
  });
});
