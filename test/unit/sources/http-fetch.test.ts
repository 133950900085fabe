import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpFetch } from '../../../src/sources/github/http-fetch.js';

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/** Two real servers on loopback: "a" answers and redirects, "b" is another origin. */
function start(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void) {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handler(req, res, body);
    });
  });
  return { server, seen };
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    });
  });
}

let other = '';
const b = start((_req, res) => {
  res.end('from b');
});
const a = start((req, res, body) => {
  const route = req.url ?? '';
  if (route === '/json') {
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.setHeader('etag', '"v1"');
    res.setHeader('set-cookie', ['a=1', 'b=2']);
    res.end(JSON.stringify({ ok: true, echo: body }));
  } else if (route === '/moved') {
    res.writeHead(301, { location: '/json' }).end();
  } else if (route === '/see-other') {
    res.writeHead(303, { location: '/json' }).end();
  } else if (route === '/elsewhere') {
    res.writeHead(302, { location: `${other}/landing` }).end();
  } else if (route === '/loop') {
    res.writeHead(307, { location: '/loop' }).end();
  } else if (route === '/slow') {
    setTimeout(() => res.end('late'), 2_000);
  } else if (route === '/bytes') {
    res.setHeader('content-type', 'application/octet-stream');
    res.end(Buffer.from([0, 1, 2, 255]));
  } else {
    res.writeHead(404, 'Nope', { 'content-type': 'text/plain' }).end('missing');
  }
});
let base = '';

beforeAll(async () => {
  base = await listen(a.server);
  other = await listen(b.server);
});
afterAll(() => {
  a.server.closeAllConnections();
  b.server.closeAllConnections();
  a.server.close();
  b.server.close();
});

describe('httpFetch (the transport Octokit calls)', () => {
  it('fails a request that gets no answer for the idle timeout, instead of waiting for ever', async () => {
    // The answer would come after 2 s, and the request succeed.
    await expect(httpFetch(`${base}/slow`, {}, 200)).rejects.toThrow(
      /no answer from 127\.0\.0\.1:\d+ for 0\.2 s/,
    );
  });

  it('waits out an answer that comes within the idle timeout', async () => {
    const res = await httpFetch(`${base}/slow`, {}, 5_000);
    expect(await res.text()).toBe('late');
  });

  it('sends method, headers and body, and reads status, headers and JSON', async () => {
    const res = await httpFetch(`${base}/json`, {
      method: 'POST',
      headers: { authorization: 'token t', 'content-type': 'application/json' },
      body: '{"x":1}',
    });
    expect(res.status).toBe(200);
    expect(res.ok).toBe(true);
    expect(res.redirected).toBe(false);
    expect(res.headers.get('ETag')).toBe('"v1"');
    expect(res.headers.get('set-cookie')).toBe('a=1, b=2');
    expect(Object.fromEntries(res.headers)).toMatchObject({ etag: '"v1"' });
    expect(await res.json()).toEqual({ ok: true, echo: '{"x":1}' });
    expect(a.seen.at(-1)).toMatchObject({ method: 'POST', body: '{"x":1}' });
    expect(a.seen.at(-1)?.headers.authorization).toBe('token t');
  });

  it('gives errors as responses with their status text and body', async () => {
    const res = await httpFetch(`${base}/none`);
    expect([res.status, res.statusText, res.ok]).toEqual([404, 'Nope', false]);
    expect(await res.text()).toBe('missing');
    expect(res.headers.get('x-absent')).toBeNull();
  });

  it('returns bytes unchanged', async () => {
    const res = await httpFetch(`${base}/bytes`);
    expect([...new Uint8Array(await res.arrayBuffer())]).toEqual([0, 1, 2, 255]);
  });

  it('follows a redirect and reports the final url', async () => {
    const res = await httpFetch(`${base}/moved`, { headers: { authorization: 'token t' } });
    expect(res.status).toBe(200);
    expect(res.redirected).toBe(true);
    expect(res.url).toBe(`${base}/json`);
    expect(a.seen.at(-1)?.headers.authorization).toBe('token t');
  });

  it('turns a POST into a GET without a body on 303', async () => {
    await httpFetch(`${base}/see-other`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"x":1}',
    });
    expect(a.seen.at(-1)).toMatchObject({ method: 'GET', url: '/json', body: '' });
    expect(a.seen.at(-1)?.headers['content-type']).toBeUndefined();
  });

  it('drops credentials when a redirect leaves the origin', async () => {
    const res = await httpFetch(`${base}/elsewhere`, {
      headers: { authorization: 'token secret', accept: 'application/json' },
    });
    expect(await res.text()).toBe('from b');
    expect(b.seen.at(-1)?.headers.authorization).toBeUndefined();
    expect(b.seen.at(-1)?.headers.accept).toBe('application/json');
  });

  it('leaves redirects alone when asked to, and refuses an endless loop', async () => {
    const manual = await httpFetch(`${base}/moved`, { redirect: 'manual' });
    expect([manual.status, manual.headers.get('location')]).toEqual([301, '/json']);
    await expect(httpFetch(`${base}/moved`, { redirect: 'error' })).rejects.toThrow(/redirect: error/);
    await expect(httpFetch(`${base}/loop`)).rejects.toThrow(/more than 20 redirects/);
  });

  it('stops on abort with an AbortError, as Octokit expects from fetch', async () => {
    const controller = new AbortController();
    const pending = httpFetch(`${base}/slow`, { signal: controller.signal });
    setTimeout(() => {
      controller.abort();
    }, 50);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('rejects on a refused connection', async () => {
    const closed = createServer();
    const url = await listen(closed);
    await new Promise((resolve) => closed.close(resolve));
    await expect(httpFetch(`${url}/x`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
