/**
 * The v2 cache service's three Twirp JSON methods, with request and response fields as
 * node_modules/@actions/cache/lib/generated/results/api/v1/cache.js names them (proto
 * field names; int64 as strings, as protobuf JSON writes them).
 */
import type { FakeReply, FakeRequest } from '../fake-http-server.js';
import { newSig, type CacheEntries, type CacheEntry } from './cache-entries.js';
import { TWIRP_SERVICE, type CacheFault, type TwirpMethod } from './types.js';

export interface TwirpContext {
  readonly entries: CacheEntries;
  readonly token: string;
  signedUrl(entry: CacheEntry, permissions: string, sig: string): string;
  takeFault(method: TwirpMethod): CacheFault | undefined;
}

type Body = Readonly<Record<string, unknown>>;

const STATUS_OF_CODE: Readonly<Record<string, number>> = {
  invalid_argument: 400,
  malformed: 400,
  unauthenticated: 401,
  permission_denied: 403,
  bad_route: 404,
  not_found: 404,
  already_exists: 409,
  resource_exhausted: 429,
  internal: 500,
};

export function twirpError(code: string, msg: string, status = STATUS_OF_CODE[code] ?? 500): FakeReply {
  return json(status, { code, msg });
}

function json(status: number, body: Body): FakeReply {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

const METHODS: Readonly<Record<TwirpMethod, (body: Body, ctx: TwirpContext) => FakeReply>> = {
  CreateCacheEntry: createEntry,
  FinalizeCacheEntryUpload: finalizeEntry,
  GetCacheEntryDownloadURL: downloadUrl,
};

/** Answers `POST /twirp/<service>/<method>`; `undefined` when the path is not Twirp's. */
export function handleTwirp(request: FakeRequest, ctx: TwirpContext): FakeReply | undefined {
  const match = /^\/twirp\/([^/]+)\/([^/]+)$/.exec(request.url.pathname);
  if (match === null) return undefined;
  const [, service, method] = match;
  if (request.method !== 'POST') return twirpError('bad_route', `${request.method} is not POST`);
  if (service !== TWIRP_SERVICE || method === undefined || !Object.hasOwn(METHODS, method)) {
    return twirpError('bad_route', `no method ${service ?? ''}/${method ?? ''}`);
  }
  if (request.headers.authorization !== `Bearer ${ctx.token}`) {
    return twirpError('unauthenticated', 'missing or invalid runtime token');
  }
  if (!(request.headers['content-type'] ?? '').startsWith('application/json')) {
    return twirpError('bad_route', 'only the JSON encoding is served here');
  }
  const fault = ctx.takeFault(method as TwirpMethod);
  if (fault !== undefined) {
    return fault.type === 'not-ok'
      ? json(200, { ok: false, message: fault.message })
      : twirpError(fault.code ?? 'internal', fault.message ?? 'injected failure', fault.status);
  }
  let body: unknown;
  try {
    body = JSON.parse(request.body.toString('utf8'));
  } catch {
    return twirpError('malformed', 'body is not JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return twirpError('malformed', 'body is not a JSON object');
  }
  return METHODS[method as TwirpMethod](body as Body, ctx);
}

/** Key and version as the service checks them: a key of at most 512 characters, no commas. */
function keyAndVersion(body: Body): { key: string; version: string } | FakeReply {
  const { key, version } = body;
  if (typeof key !== 'string' || key === '') return twirpError('invalid_argument', 'key is required');
  if (key.length > 512 || key.includes(',')) return twirpError('invalid_argument', `invalid key ${key}`);
  if (typeof version !== 'string' || version === '') {
    return twirpError('invalid_argument', 'version is required');
  }
  return { key, version };
}

function createEntry(body: Body, ctx: TwirpContext): FakeReply {
  const checked = keyAndVersion(body);
  if ('status' in checked) return checked;
  const entry = ctx.entries.create(checked.key, checked.version);
  if (entry === undefined) {
    // What the service answers, and what @actions/cache reports as "another job may be
    // creating this cache" (actions/cache#1541).
    return twirpError('already_exists', 'cache entry with the same key, version, and scope already exists');
  }
  return json(200, { ok: true, signed_upload_url: ctx.signedUrl(entry, 'cw', entry.uploadSig) });
}

function finalizeEntry(body: Body, ctx: TwirpContext): FakeReply {
  const checked = keyAndVersion(body);
  if ('status' in checked) return checked;
  const entry = ctx.entries.find(checked.key, checked.version);
  if (entry === undefined || entry.finalized) {
    return twirpError('not_found', `no cache entry reserved for key ${checked.key}`);
  }
  const size = Number(body['size_bytes']);
  if (entry.blob === undefined) return json(200, { ok: false, message: 'nothing was uploaded' });
  if (size !== entry.blob.length) {
    return json(200, {
      ok: false,
      message: `size ${size} does not match the ${entry.blob.length} bytes uploaded`,
    });
  }
  entry.finalized = true;
  entry.sizeBytes = size;
  return json(200, { ok: true, entry_id: String(entry.id) });
}

function downloadUrl(body: Body, ctx: TwirpContext): FakeReply {
  const checked = keyAndVersion(body);
  if ('status' in checked) return checked;
  const restoreKeys = body['restore_keys'] ?? [];
  if (!Array.isArray(restoreKeys) || !restoreKeys.every((k) => typeof k === 'string')) {
    return twirpError('invalid_argument', 'restore_keys must be strings');
  }
  const entry = ctx.entries.match(checked.key, restoreKeys, checked.version);
  // protobuf JSON leaves out default values: a miss is `{}` on the wire, read as ok: false.
  if (entry === undefined) return json(200, {});
  const sig = newSig();
  entry.readSigs.add(sig);
  return json(200, { ok: true, signed_download_url: ctx.signedUrl(entry, 'r', sig), matched_key: entry.key });
}
