/**
 * The Azure Blob Storage operations the cache's signed URLs are used for, answered as
 * @azure/storage-blob expects them: Put Blob (one request up to 128 MiB in
 * @actions/cache), Put Block + Put Block List (larger archives), and Get Blob / Get Blob
 * Properties for the download (the SDK asks HEAD, then ranged GETs in `x-ms-range`;
 * @actions/http-client, used for URLs off *.blob.core.windows.net, asks one plain GET).
 * Access is by the URL's `sig`, as with a SAS: the upload URL writes, download URLs read.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { FakeReply, FakeRequest } from '../fake-http-server.js';
import type { CacheEntries, CacheEntry } from './cache-entries.js';
import type { BlobOperation, CacheFault } from './types.js';

export const BLOB_ACCOUNT = 'fakecacheaccount';
export const BLOB_CONTAINER = 'actions-cache';
const SERVICE_VERSION = '2025-05-05';

export interface BlobContext {
  readonly entries: CacheEntries;
  takeFault(target: 'blob-write' | 'blob-read'): CacheFault | undefined;
}

export interface BlobTarget {
  readonly operation: BlobOperation | 'unknown';
  readonly entryId: number | undefined;
}

const OPERATIONS = new Map<string, BlobOperation>([
  ['PUT ', 'put-blob'],
  ['PUT block', 'put-block'],
  ['PUT blocklist', 'put-block-list'],
  ['GET ', 'get'],
  ['HEAD ', 'head'],
]);

/** Which blob operation a request is, and on which entry; `undefined` when the path is no blob's. */
export function blobTarget(request: FakeRequest): BlobTarget | undefined {
  // `/<account>/<container>/<id>` on 127.0.0.1, `/<container>/<id>` on <account>.blob.core.windows.net.
  const match = new RegExp(`^(?:/${BLOB_ACCOUNT})?/${BLOB_CONTAINER}/(\\d+)$`).exec(request.url.pathname);
  if (match === null) return undefined;
  const entryId = Number(match[1]);
  const comp = request.url.searchParams.get('comp') ?? '';
  const operation = OPERATIONS.get(`${request.method} ${comp}`) ?? 'unknown';
  return { operation, entryId };
}

export function handleBlob(request: FakeRequest, target: BlobTarget, ctx: BlobContext): FakeReply {
  const entry = target.entryId === undefined ? undefined : ctx.entries.get(target.entryId);
  if (entry === undefined) return storageError(404, 'BlobNotFound', 'The specified blob does not exist.');
  const sig = request.url.searchParams.get('sig') ?? '';
  const writing = target.operation.startsWith('put');
  const allowed = writing ? sig === entry.uploadSig && !entry.finalized : entry.readSigs.has(sig);
  if (!allowed) {
    return storageError(403, 'AuthenticationFailed', 'Signature did not match, or the entry is sealed.');
  }
  const fault = ctx.takeFault(writing ? 'blob-write' : 'blob-read');
  if (fault !== undefined) {
    return storageError(fault.type === 'http' ? fault.status : 500, 'InternalError', 'injected failure');
  }
  switch (target.operation) {
    case 'put-blob':
      return putBlob(request, entry);
    case 'put-block':
      return putBlock(request, entry);
    case 'put-block-list':
      return putBlockList(request, entry);
    case 'get':
    case 'head':
      return getBlob(request, entry);
    default:
      return storageError(
        400,
        'UnsupportedHttpVerb',
        `${request.method} ${request.url.search} is not served`,
      );
  }
}

function putBlob(request: FakeRequest, entry: CacheEntry): FakeReply {
  if (request.headers['x-ms-blob-type'] !== 'BlockBlob') {
    return storageError(400, 'MissingRequiredHeader', 'x-ms-blob-type must be BlockBlob');
  }
  const bad = checkBody(request);
  if (bad !== undefined) return bad;
  entry.blob = request.body;
  entry.blobWrittenAt = new Date();
  return created(request, entry, { 'content-md5': md5(request.body) });
}

function putBlock(request: FakeRequest, entry: CacheEntry): FakeReply {
  const blockId = request.url.searchParams.get('blockid');
  if (blockId === null || blockId === '') return storageError(400, 'InvalidQueryParameterValue', 'blockid');
  const bad = checkBody(request);
  if (bad !== undefined) return bad;
  entry.blocks.set(blockId, request.body);
  return created(request, undefined, { 'content-md5': md5(request.body) });
}

function putBlockList(request: FakeRequest, entry: CacheEntry): FakeReply {
  const ids = [
    ...request.body.toString('utf8').matchAll(/<(Latest|Committed|Uncommitted)>([^<]*)<\/\1>/g),
  ].map((m) => m[2] ?? '');
  const parts: Buffer[] = [];
  for (const id of ids) {
    const block = entry.blocks.get(id);
    if (block === undefined) return storageError(400, 'InvalidBlockList', `no staged block ${id}`);
    parts.push(block);
  }
  entry.blob = Buffer.concat(parts);
  entry.blobWrittenAt = new Date();
  entry.blocks.clear();
  return created(request, entry, {});
}

function getBlob(request: FakeRequest, entry: CacheEntry): FakeReply {
  const blob = entry.blob;
  if (blob === undefined || !entry.finalized) {
    return storageError(404, 'BlobNotFound', 'The specified blob does not exist.');
  }
  const common = { ...blobProperties(request, entry), 'accept-ranges': 'bytes' };
  const rangeHeader = header(request, 'x-ms-range') ?? header(request, 'range');
  if (rangeHeader === undefined || request.method === 'HEAD') {
    return {
      status: 200,
      headers: { ...common, 'content-length': String(blob.length), 'content-md5': md5(blob) },
      body: blob,
    };
  }
  const range = /^bytes=(\d+)-(\d*)$/.exec(rangeHeader);
  const start = Number(range?.[1] ?? NaN);
  const end = Math.min(range?.[2] ? Number(range[2]) : blob.length - 1, blob.length - 1);
  if (range === null || start >= blob.length || end < start) {
    return storageError(416, 'InvalidRange', `cannot serve ${rangeHeader} of ${blob.length} bytes`);
  }
  const part = blob.subarray(start, end + 1);
  return {
    status: 206,
    headers: {
      ...common,
      'content-length': String(part.length),
      'content-range': `bytes ${start}-${end}/${blob.length}`,
    },
    body: part,
  };
}

/** Content-Length must match, and a transactional Content-MD5, when sent, must too. */
function checkBody(request: FakeRequest): FakeReply | undefined {
  const length = header(request, 'content-length');
  if (length !== undefined && Number(length) !== request.body.length) {
    return storageError(400, 'InvalidHeaderValue', 'content-length does not match the body');
  }
  const sent = header(request, 'content-md5');
  if (sent !== undefined && sent !== md5(request.body)) {
    return storageError(400, 'Md5Mismatch', 'The MD5 value specified in the request did not match.');
  }
  return undefined;
}

function created(
  request: FakeRequest,
  entry: CacheEntry | undefined,
  extra: Record<string, string>,
): FakeReply {
  const headers = { ...serviceHeaders(request), ...extra, 'x-ms-request-server-encrypted': 'true' };
  return {
    status: 201,
    headers: entry === undefined ? headers : { ...headers, ...blobProperties(request, entry) },
    body: '',
  };
}

function blobProperties(request: FakeRequest, entry: CacheEntry): Record<string, string> {
  const written = entry.blobWrittenAt ?? new Date();
  return {
    ...serviceHeaders(request),
    etag: `"0x${written.getTime().toString(16).toUpperCase()}${entry.id}"`,
    'last-modified': written.toUTCString(),
    'x-ms-blob-type': 'BlockBlob',
    'content-type': 'application/octet-stream',
  };
}

function serviceHeaders(request: FakeRequest): Record<string, string> {
  const clientRequestId = header(request, 'x-ms-client-request-id');
  return {
    'x-ms-request-id': randomUUID(),
    'x-ms-version': header(request, 'x-ms-version') ?? SERVICE_VERSION,
    ...(clientRequestId === undefined ? {} : { 'x-ms-client-request-id': clientRequestId }),
    date: new Date().toUTCString(),
  };
}

export function storageError(status: number, code: string, message: string): FakeReply {
  return {
    status,
    headers: { 'content-type': 'application/xml', 'x-ms-error-code': code, 'x-ms-request-id': randomUUID() },
    body: `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`,
  };
}

function header(request: FakeRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

const md5 = (data: Buffer): string => createHash('md5').update(data).digest('base64');
