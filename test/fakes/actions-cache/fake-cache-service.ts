import { listen, type FakeReply, type FakeRequest, type RunningServer } from '../fake-http-server.js';
import { BLOB_ACCOUNT, BLOB_CONTAINER, blobTarget, handleBlob, storageError } from './blob-routes.js';
import { CacheEntries, type CacheEntry } from './cache-entries.js';
import { handleTwirp, twirpError } from './twirp-routes.js';
import type { CacheCall, CacheFault, FaultTarget } from './types.js';

export interface FakeCacheServiceOptions {
  /** The runtime token the Twirp calls must carry. Default `fake-runtime-token`. */
  readonly token?: string;
  /**
   * Where the signed URLs point. `loopback` (default): `http://127.0.0.1:<port>/...`, which
   * @actions/cache downloads with one plain GET. `azure`:
   * `http://<account>.blob.core.windows.net:<port>/...`, which it downloads with the Azure
   * SDK (HEAD, then ranged GETs), as on GitHub; that host does not resolve, so `env()` then
   * names this server as HTTP_PROXY and the requests arrive here in absolute form.
   */
  readonly blobHost?: 'loopback' | 'azure';
}

/**
 * The GitHub Actions cache service v2 on 127.0.0.1, for the real @actions/cache: the Twirp
 * `CacheService` (CreateCacheEntry, FinalizeCacheEntryUpload, GetCacheEntryDownloadURL)
 * and the blob storage behind its signed URLs. See README.md.
 */
export class FakeCacheService {
  readonly token: string;
  readonly blobHost: 'loopback' | 'azure';
  /** Every request answered, in order. */
  readonly calls: CacheCall[] = [];
  private readonly store = new CacheEntries();
  private readonly faults = new Map<FaultTarget, CacheFault[]>();
  private server: RunningServer | undefined;

  constructor(options: FakeCacheServiceOptions = {}) {
    this.token = options.token ?? 'fake-runtime-token';
    this.blobHost = options.blobHost ?? 'loopback';
  }

  async start(): Promise<void> {
    if (this.server !== undefined) throw new Error('fake cache service already started');
    this.server = await listen('cache', (request) => this.handle(request));
  }

  async stop(): Promise<void> {
    await this.server?.close();
    this.server = undefined;
  }

  get url(): string {
    if (this.server === undefined) throw new Error('fake cache service not started');
    return this.server.url;
  }

  /**
   * What the runner gives a JavaScript action so that @actions/cache uses this service
   * (v2). @actions/cache reads them from process.env: set them there around a test.
   */
  env(): Record<string, string> {
    const env: Record<string, string> = {
      ACTIONS_RESULTS_URL: `${this.url}/`,
      ACTIONS_RUNTIME_TOKEN: this.token,
      ACTIONS_CACHE_SERVICE_V2: 'True',
    };
    if (this.blobHost === 'azure') {
      env['HTTP_PROXY'] = this.url;
      // Twirp calls go to 127.0.0.1 directly; @actions/http-client skips the proxy for loopback anyway.
      env['NO_PROXY'] = '127.0.0.1,localhost';
    }
    return env;
  }

  /** The next `count` requests to `target` fail with `fault` (after authentication). */
  failNext(target: FaultTarget, fault: CacheFault, count = 1): void {
    const queue = this.faults.get(target) ?? [];
    for (let i = 0; i < count; i++) queue.push(fault);
    this.faults.set(target, queue);
  }

  /** All entries, finalized or not, oldest first. */
  entries(): readonly CacheEntry[] {
    return this.store.all();
  }

  /** Keys of the finalized entries, oldest first. */
  keys(): readonly string[] {
    return this.store
      .all()
      .filter((e) => e.finalized)
      .map((e) => e.key);
  }

  private handle(request: FakeRequest): FakeReply {
    const twirp = handleTwirp(request, {
      entries: this.store,
      token: this.token,
      signedUrl: (entry, permissions, sig) => this.signedUrl(entry, permissions, sig),
      takeFault: (method) => this.takeFault(method),
    });
    if (twirp !== undefined) {
      this.calls.push({
        kind: 'twirp',
        method: methodOf(request),
        body: parseJson(request),
        status: twirp.status,
      });
      return twirp;
    }
    const target = blobTarget(request);
    const reply =
      target === undefined
        ? request.url.pathname.startsWith('/twirp/')
          ? twirpError('bad_route', 'no such route')
          : storageError(400, 'InvalidUri', `no blob at ${request.url.pathname}`)
        : handleBlob(request, target, { entries: this.store, takeFault: (t) => this.takeFault(t) });
    this.calls.push({
      kind: 'blob',
      operation: target?.operation ?? 'unknown',
      entryId: target?.entryId,
      range: first(request.headers['x-ms-range'] ?? request.headers.range),
      host: request.headers.host,
      status: reply.status,
    });
    return reply;
  }

  private signedUrl(entry: CacheEntry, permissions: string, sig: string): string {
    const port = new URL(this.url).port;
    const base =
      this.blobHost === 'azure'
        ? `http://${BLOB_ACCOUNT}.blob.core.windows.net:${port}/${BLOB_CONTAINER}`
        : `${this.url}/${BLOB_ACCOUNT}/${BLOB_CONTAINER}`;
    const expires = new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const query = new URLSearchParams({ sv: '2025-05-05', sr: 'b', sp: permissions, se: expires, sig });
    return `${base}/${entry.id}?${query.toString()}`;
  }

  private takeFault(target: FaultTarget): CacheFault | undefined {
    return this.faults.get(target)?.shift();
  }
}

function methodOf(request: FakeRequest): string {
  return request.url.pathname.split('/').at(-1) ?? '';
}

function parseJson(request: FakeRequest): unknown {
  try {
    return JSON.parse(request.body.toString('utf8'));
  } catch {
    return undefined;
  }
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
