import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../../src/state/store.js';
import { API_TOKEN, apiHarness, LABELS, listen, type ApiHarness } from '../../support/api-harness.js';

let h: ApiHarness;
let server: { url: string; close(): Promise<void> } | undefined;
let woken: string[];

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
}

/** A request over a real socket to the API mounted as the server mounts it. */
async function http(
  method: string,
  path: string,
  body?: unknown,
  token: string | null = API_TOKEN,
): Promise<Answer> {
  server ??= await listen(h.app);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers,
    ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

function problems(a: Answer): string[] {
  return (a.body.problems as { path: string; message: string }[]).map((p) => `${p.path}: ${p.message}`);
}

beforeEach(async () => {
  woken = [];
  h = await apiHarness({
    apiToken: API_TOKEN,
    requestReconcile: (p) => woken.push(p),
    morePools: [{ name: 'gpu', max: 2 }],
  });
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  await h.close();
});

describe('control API auth', () => {
  it.each([
    ['no Authorization header', null],
    ['a wrong token', 'nope'],
    ['a token that is a prefix of the real one', API_TOKEN.slice(0, -1)],
    ['the real token plus a character', `${API_TOKEN}x`],
  ])('401 with %s, on reads and writes', async (_what, token) => {
    for (const [method, path, body] of [
      ['GET', '/api/pools'],
      ['GET', '/api/pools/linux'],
      ['GET', '/api/pools/nope'],
      ['POST', '/api/pools/linux/mode', { mode: 'disabled', reason: 'x' }],
      ['DELETE', '/api/pools/linux/override'],
      ['GET', '/api/anything/else'],
    ] as const) {
      const a = await http(method, path, body, token);
      expect(a.status, `${method} ${path}`).toBe(401);
      expect(a.headers.get('www-authenticate')).toBe('Bearer realm="ci-scaler"');
    }
    expect(await h.ctx.built.store.get('override/linux')).toBeUndefined();
  });

  it('other schemes are refused', async () => {
    server ??= await listen(h.app);
    const res = await fetch(`${server.url}/api/pools`, { headers: { authorization: `Basic ${API_TOKEN}` } });
    expect(res.status).toBe(401);
  });

  it('200 with the right token', async () => {
    const a = await http('GET', '/api/pools');
    expect(a.status).toBe(200);
    expect((a.body.pools as { name: string }[]).map((p) => p.name)).toEqual(['linux', 'gpu']);
  });

  it('with no server.apiToken configured every call is 401 and says why', async () => {
    await h.close();
    h = await apiHarness({ apiToken: null });
    const a = await http('GET', '/api/pools', undefined, 'anything');
    expect(a.status).toBe(401);
    expect(a.body.error).toMatch(/control API is disabled: set server\.apiToken/);
  });
});

describe('control API validation', () => {
  it.each([
    [{ mode: 'disabled' }, ['reason: required: say why (it is recorded in the pool history)']],
    [
      { mode: 'disabled', reason: '   ' },
      ['reason: must not be empty: say why (it is recorded in the pool history)'],
    ],
    [{ mode: 'manual', reason: 'r' }, ['target: required when mode is manual']],
    [{ mode: 'manual', target: 5, reason: 'r' }, ['target: must be <= max (4)']],
    [{ mode: 'manual', target: -1, reason: 'r' }, ['target: must be >= 0']],
    [{ mode: 'manual', target: 1.5, reason: 'r' }, ['target: must be a whole number']],
    [{ mode: 'enabled', target: 1, reason: 'r' }, ['target: only used with mode manual']],
    [{ mode: 'off', reason: 'r' }, [expect.stringMatching(/^mode: /)]],
    [{ mode: 'disabled', reason: 'r', reson: 'typo' }, ['reson: unknown field']],
    [[1, 2], [expect.stringMatching(/^body: /)]],
  ])('POST mode %j -> 400 naming the field', async (body, expected) => {
    const a = await http('POST', '/api/pools/linux/mode', body);
    expect(a.status).toBe(400);
    expect(problems(a)).toEqual(expected);
    expect(a.body.error).toMatch(/^invalid request body: /);
  });

  it('malformed JSON, bad policy, bad scale, bad limit', async () => {
    expect(problems(await http('POST', '/api/pools/linux/mode', '{"mode":'))).toEqual(['body: must be JSON']);
    expect(
      problems(await http('POST', '/api/pools/linux/policy', { policy: 'fast', reason: 'r' }))[0],
    ).toMatch(/^policy: /);
    expect(problems(await http('POST', '/api/pools/linux/scale', { desired: 9, reason: 'r' }))).toEqual([
      'desired: must be <= max (4)',
    ]);
    expect(problems(await http('POST', '/api/pools/linux/scale', { reason: 'r' }))[0]).toMatch(/^desired: /);
    for (const limit of ['0', '501', 'abc', '-1', '1e2', ''])
      expect(problems(await http('GET', `/api/pools/linux/history?limit=${limit}`))).toEqual([
        'limit: must be an integer from 1 to 500',
      ]);
  });

  it('a body over 64 KiB is 413', async () => {
    const a = await http('POST', '/api/pools/linux/mode', { mode: 'disabled', reason: 'x'.repeat(70_000) });
    expect(a.status).toBe(413);
  });

  it('404 for an unknown pool on every endpoint, before the body is looked at', async () => {
    for (const [method, path] of [
      ['GET', '/api/pools/nope'],
      ['GET', '/api/pools/nope/history'],
      ['POST', '/api/pools/nope/mode'],
      ['POST', '/api/pools/nope/policy'],
      ['POST', '/api/pools/nope/scale'],
      ['DELETE', '/api/pools/nope/override'],
    ] as const) {
      const a = await http(method, path, method === 'GET' ? undefined : {});
      expect(a.status, `${method} ${path}`).toBe(404);
      expect(a.body.error).toBe('no pool "nope" (pools: linux, gpu)');
    }
  });
});

describe('overrides through the API', () => {
  it('mode disabled wins over the config until cleared; status shows both; history has the reasons', async () => {
    h.gh.queueJob({ labels: LABELS, duration: 1 });
    const set = await http('POST', '/api/pools/linux/mode', {
      mode: 'disabled',
      reason: 'incident 42',
      by: 'amy',
    });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({
      change: 'override mode disabled',
      applies: 'now',
      override: { mode: 'disabled' },
    });
    expect(woken).toEqual(['linux']);

    const off = await h.reconcile('linux');
    expect(off.decision?.reason).toMatch(/^disabled \(observe only\), would: scale up 0 -> 1/);
    expect(off.outcomes).toEqual([]);
    const shown = await http('GET', '/api/pools/linux');
    expect(shown.body).toMatchObject({
      name: 'linux',
      mode: 'disabled',
      settings: {
        mode: { config: 'enabled', override: 'disabled', effective: 'disabled' },
        policy: { config: 'balanced', override: null, effective: 'balanced' },
      },
      override: { mode: 'disabled', reason: 'incident 42', by: 'amy' },
      desired: 1,
      jobs: { queued: 1, running: 0, waiting: 0 },
      workers: { booting: 0, idle: 0, busy: 0, failed: 0 },
      lastReconcile: { result: 'ok' },
    });
    expect((shown.body.lastReconcile as { reason: string }).reason).toMatch(/^disabled/);

    const cleared = await http('DELETE', '/api/pools/linux/override', { reason: 'resolved' });
    expect(cleared.body).toMatchObject({
      cleared: true,
      previous: { mode: 'disabled' },
      pool: { override: null },
    });
    const on = await h.reconcile('linux');
    expect(on.outcomes.map((o) => `${o.type}:${o.result}`)).toEqual(['launch:ok']);
    expect((await http('GET', '/api/pools/linux')).body).toMatchObject({
      mode: 'enabled',
      settings: { mode: { config: 'enabled', override: null, effective: 'enabled' } },
    });

    const history = await http('GET', '/api/pools/linux/history?limit=10');
    const entries = history.body.entries as HistoryEntry[];
    expect(entries.map((e) => `${e.kind}: ${e.reason}`)).toEqual([
      'override: override mode disabled: incident 42 (by amy)',
      expect.stringMatching(/^reconcile: disabled \(observe only\)/),
      'override: override cleared, back to the config: resolved',
      expect.stringMatching(/^reconcile: scale up 0 -> 1/),
    ]);
    expect((await http('GET', '/api/pools/linux/history?limit=1')).body.entries).toHaveLength(1);
  });

  it('policy preset override changes the effective scaleDown timing, side by side with the config', async () => {
    const a = await http('POST', '/api/pools/gpu/policy', { policy: 'aggressive', reason: 'cost' });
    expect(a.status).toBe(200);
    expect(a.body.pool).toMatchObject({
      preset: 'aggressive',
      policy: { scaleDownCooldownMs: 120_000, scaleDownAfterMs: 30_000 },
      settings: { policy: { config: 'balanced', override: 'aggressive', effective: 'aggressive' } },
    });
    // The other pool is untouched.
    expect((await http('GET', '/api/pools/linux')).body).toMatchObject({
      override: null,
      preset: 'balanced',
    });
  });

  it('scale switches to manual; busy workers are never removed, even with a target of 0', async () => {
    const job = h.gh.queueJob({ labels: LABELS, duration: 1 });
    await h.reconcile('linux');
    const runner = `linux-${job.id}-1`;
    h.gh.startJob(runner, job.id);
    await h.reconcile('linux');
    const a = await http('POST', '/api/pools/linux/scale', { desired: 0, reason: 'drain' });
    expect(a.status).toBe(200);
    expect(a.body).toMatchObject({
      change: 'override mode manual (target 0)',
      pool: { mode: 'manual', settings: { manualTarget: { config: null, override: 0, effective: 0 } } },
      note: '1 workers are busy and are never removed: desired stays at least 1 until they finish',
    });
    const r = await h.reconcile('linux');
    expect(r.decision?.desired).toBe(1);
    expect(r.outcomes.filter((o) => o.type === 'terminate')).toEqual([]);
    expect(h.gh.unfinishedJobs().map((j) => j.id)).toEqual([job.id]);
  });

  it('scale up to a manual target launches that many workers', async () => {
    await http('POST', '/api/pools/linux/scale', { desired: 2, reason: 'pre-warm for release' });
    const r = await h.reconcile('linux');
    expect(r.decision?.desired).toBe(2);
    expect(r.outcomes.filter((o) => o.type === 'launch' && o.result === 'ok')).toHaveLength(2);
  });

  it('DELETE with no override is a 200 that changes nothing', async () => {
    const a = await http('DELETE', '/api/pools/linux/override');
    expect(a.status).toBe(200);
    expect(a.body).toMatchObject({ cleared: false, previous: null });
    expect((await http('GET', '/api/pools/linux/history')).body.entries).toEqual([]);
    expect(woken).toEqual([]);
  });
});
