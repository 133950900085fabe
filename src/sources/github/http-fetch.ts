import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';

/**
 * The `fetch` that Octokit calls, on `node:http`/`node:https`.
 *
 * Why not the platform's fetch: its first use loads Node's internal undici, about 25 ms of
 * a cold start, a quarter of the action's start-up budget (issue 4, `npm run bench:action`).
 * Octokit reads only status, url, headers and the body as text or bytes, so this serves
 * that slice of the Fetch API and nothing more. Like fetch it follows redirects (dropping
 * credentials when the origin changes), honours an `AbortSignal`, and takes its proxy from
 * Node's own `NODE_USE_ENV_PROXY` support, which covers both transports alike. (In the
 * bundle `node:http` comes through `require()`, see `scripts/build.ts`: an ES module import
 * of it reads `http.WebSocket`, a lazy getter that loads undici after all.)
 */

export interface FetchInit {
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array | null;
  readonly redirect?: 'follow' | 'manual' | 'error';
  readonly signal?: AbortSignal | null;
}

/** The slice of a fetch `Headers` that Octokit reads. */
export class ResponseHeaders implements Iterable<[string, string]> {
  readonly #map: Map<string, string>;
  constructor(raw: IncomingMessage['headers']) {
    this.#map = new Map(
      Object.entries(raw).flatMap(([k, v]) =>
        v === undefined ? [] : [[k, Array.isArray(v) ? v.join(', ') : v]],
      ),
    );
  }
  get(name: string): string | null {
    return this.#map.get(name.toLowerCase()) ?? null;
  }
  [Symbol.iterator](): Iterator<[string, string]> {
    return this.#map[Symbol.iterator]();
  }
}

export interface ResponseHead {
  readonly status: number;
  readonly statusText: string;
  readonly url: string;
  readonly headers: ResponseHeaders;
  readonly redirected: boolean;
}

/** The slice of a fetch `Response` that Octokit reads; the body is already read. */
export class HttpResponse implements ResponseHead {
  readonly status: number;
  readonly statusText: string;
  readonly url: string;
  readonly headers: ResponseHeaders;
  readonly redirected: boolean;
  readonly ok: boolean;
  readonly #body: Buffer;
  constructor(head: ResponseHead, body: Buffer) {
    ({ status: this.status, statusText: this.statusText, url: this.url } = head);
    this.headers = head.headers;
    this.redirected = head.redirected;
    this.ok = head.status >= 200 && head.status < 300;
    this.#body = body;
  }
  text(): Promise<string> {
    return Promise.resolve(this.#body.toString('utf8'));
  }
  json(): Promise<unknown> {
    return this.text().then((t) => JSON.parse(t) as unknown);
  }
  arrayBuffer(): Promise<ArrayBuffer> {
    const copy = new Uint8Array(this.#body.byteLength);
    copy.set(this.#body);
    return Promise.resolve(copy.buffer);
  }
}

const MAX_REDIRECTS = 20;

/**
 * How long a connection may stay silent (no connect, no byte of the answer) before the
 * request fails as a network error, which the retry plugin retries. Without it, one request
 * that GitHub or a proxy accepts and never answers holds its reconcile, and so the pool's
 * loop and lock, until the process restarts (found by review).
 */
export const IDLE_TIMEOUT_MS = 30_000;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function send(url: URL, init: FetchInit, idleMs: number): Promise<{ res: IncomingMessage; body: Buffer }> {
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const options: RequestOptions = {
    method: init.method ?? 'GET',
    headers: { ...init.headers },
    timeout: idleMs,
    ...(init.signal && { signal: init.signal }),
  };
  return new Promise((resolve, reject) => {
    const req = request(url, options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.once('end', () => {
        resolve({ res, body: Buffer.concat(chunks) });
      });
      res.once('error', reject);
    });
    req.once('error', reject);
    // The socket's idle timeout only reports; ending the request turns it into an error.
    req.once('timeout', () => {
      req.destroy(new Error(`no answer from ${url.host} for ${idleMs / 1000} s`));
    });
    req.end(init.body ?? undefined);
  });
}

/** The request a redirect leads to, as the Fetch standard derives it. */
function redirected(from: URL, to: URL, status: number, init: FetchInit): FetchInit {
  const toGet = status === 303 || ((status === 301 || status === 302) && init.method === 'POST');
  const headers = Object.fromEntries(
    Object.entries(init.headers ?? {}).filter(([k]) => {
      const name = k.toLowerCase();
      if (toGet && (name === 'content-type' || name === 'content-length')) return false;
      return from.origin === to.origin || (name !== 'authorization' && name !== 'cookie');
    }),
  );
  return { ...init, headers, ...(toGet && { method: 'GET', body: null }) };
}

export async function httpFetch(
  input: string | URL,
  init: FetchInit = {},
  idleMs = IDLE_TIMEOUT_MS,
): Promise<HttpResponse> {
  let url = new URL(input);
  let current = init;
  for (let hops = 0; ; hops++) {
    const { res, body } = await send(url, current, idleMs);
    const status = res.statusCode ?? 0;
    const location = res.headers.location;
    if (!REDIRECTS.has(status) || location === undefined || current.redirect === 'manual') {
      const headers = new ResponseHeaders(res.headers);
      return new HttpResponse(
        { status, statusText: res.statusMessage ?? '', url: url.href, headers, redirected: hops > 0 },
        body,
      );
    }
    if (current.redirect === 'error')
      throw new TypeError(`redirect to ${location} refused (redirect: error)`);
    if (hops === MAX_REDIRECTS)
      throw new TypeError(`more than ${MAX_REDIRECTS} redirects from ${String(input)}`);
    const next = new URL(location, url);
    current = redirected(url, next, status, current);
    url = next;
  }
}
