/** The JSON:API client alone, on a scripted fetch (the fake TFC covers it over HTTP too). */
import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../../../src/core/errors.js';
import { TfcHttp, type FetchLike, type FetchResponse } from '../../../../src/sources/tfc/http-client.js';
import { silentLogger } from '../../../../src/telemetry/logger.js';

interface Scripted {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

function response(s: Scripted): FetchResponse {
  const headers = s.headers ?? {};
  return {
    status: s.status,
    headers: { get: (n) => headers[n.toLowerCase()] ?? null },
    text: () =>
      s.body instanceof Error
        ? Promise.reject(s.body)
        : Promise.resolve(typeof s.body === 'string' ? s.body : JSON.stringify(s.body ?? {})),
  };
}

function client(script: (Scripted | Error)[], extra: { maxWaitMs?: number } = {}) {
  const urls: string[] = [];
  const seenHeaders: Record<string, string>[] = [];
  const waits: number[] = [];
  const fetch: FetchLike = (url, init) => {
    urls.push(url);
    seenHeaders.push(init.headers);
    const next = script.shift();
    if (next === undefined) throw new Error(`unexpected request ${url}`);
    return next instanceof Error ? Promise.reject(next) : Promise.resolve(response(next));
  };
  const http = new TfcHttp({
    address: 'https://tfe.example.com/',
    token: 'tok-123',
    logger: silentLogger,
    fetch,
    sleep: (ms) => {
      waits.push(ms);
      return Promise.resolve();
    },
    ...extra,
  });
  return { http, urls, seenHeaders, waits };
}

const page = (ids: string[], next: number | null) => ({
  status: 200,
  body: { data: ids.map((id) => ({ id, type: 'agents' })), meta: { pagination: { 'next-page': next } } },
});

describe('TFC JSON:API client', () => {
  it('sends the bearer token and JSON:API type, and follows next-page with page[size]=100', async () => {
    const { http, urls, seenHeaders } = client([page(['a1', 'a2'], 2), page(['a3'], null)]);
    const { data } = await http.getAll('list agents', '/agent-pools/apool-1/agents');
    expect(data.map((d) => d.id)).toEqual(['a1', 'a2', 'a3']);
    expect(urls.map((u) => decodeURIComponent(u))).toEqual([
      'https://tfe.example.com/api/v2/agent-pools/apool-1/agents?page[number]=1&page[size]=100',
      'https://tfe.example.com/api/v2/agent-pools/apool-1/agents?page[number]=2&page[size]=100',
    ]);
    expect(seenHeaders[0]).toMatchObject({
      Authorization: 'Bearer tok-123',
      'Content-Type': 'application/vnd.api+json',
    });
    expect(http.calls).toBe(2);
  });

  it('waits what a 429 asks (x-ratelimit-reset), retries, and counts every request', async () => {
    const limited = { status: 429, headers: { 'x-ratelimit-reset': '1.5' }, body: { errors: [] } };
    const { http, waits } = client([limited, limited, page(['a1'], null)]);
    const { data } = await http.getAll('list agents', '/agent-pools/apool-1/agents');
    expect(data).toHaveLength(1);
    expect(waits).toEqual([1500, 1500]);
    expect(http.calls).toBe(3);
  });

  it('gives up on a 429 after 3 retries, or at once when the wait asked is too long: retryable 429', async () => {
    const limited = { status: 429, headers: { 'x-ratelimit-reset': '0.1' } };
    const many = client([limited, limited, limited, limited]);
    const err = await many.http.getAll('list runs', '/x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ status: 429, retryable: true });
    expect(many.http.calls).toBe(4);
    const long = client([{ status: 429, headers: { 'retry-after': '50' } }], { maxWaitMs: 30_000 });
    await expect(long.http.getAll('list runs', '/x')).rejects.toMatchObject({ status: 429, retryable: true });
    expect(long.waits).toEqual([]);
  });

  it('retries 502/503/504 and network errors twice, then fails retryable', async () => {
    const ok = client([{ status: 503 }, new TypeError('fetch failed'), page([], null)]);
    await ok.http.getAll('list agents', '/x');
    expect(ok.waits).toEqual([500, 1000]);
    const down = client([{ status: 502 }, { status: 502 }, { status: 502 }]);
    await expect(down.http.getAll('list agents', '/x')).rejects.toMatchObject({
      status: 502,
      retryable: true,
    });
    const timeout = Object.assign(new Error('The operation was aborted due to timeout'), {
      name: 'TimeoutError',
    });
    const slow = client([timeout, timeout, timeout]);
    const err = await slow.http.getAll('list agents', '/x').catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 504, retryable: true });
    expect(String(err)).toMatch(/timed out/);
  });

  it('an answer cut off mid-body is a network error: retried, then a retryable ProviderError', async () => {
    const cut = () => ({ status: 200, body: new TypeError('terminated') });
    const { http, waits } = client([cut(), cut(), cut()]);
    await expect(http.getAll('list agents', '/x')).rejects.toMatchObject({
      status: 502,
      retryable: true,
      message: 'TFC list agents: network error: terminated',
    });
    expect(waits).toEqual([500, 1000]);
  });

  it('401 says the token was rejected; 404 is a clear not-found; neither is retried', async () => {
    const unauthorized = { status: 401, body: { errors: [{ status: '401', title: 'unauthorized' }] } };
    const a = client([unauthorized]);
    await expect(a.http.getAll('list agents', '/x')).rejects.toThrow(/TFC token rejected.*\(unauthorized\)/);
    expect(a.http.calls).toBe(1);
    const b = client([{ status: 404, body: 'not json' }]);
    await expect(b.http.getAll('list agents', '/x')).rejects.toMatchObject({ status: 404, retryable: false });
  });

  it('an answer that is not a JSON:API document is an error, never an empty list', async () => {
    const { http } = client([{ status: 200, body: { agents: [] } }]);
    await expect(http.getAll('list agents', '/x')).rejects.toThrow(/unexpected answer/);
  });
});
