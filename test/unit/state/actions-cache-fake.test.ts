/**
 * The fake cache service itself: the service's rules (matching, versions, immutability,
 * auth) over raw HTTP, and the blob operations as @azure/storage-blob sends them.
 */
import { saveCache } from '@actions/cache';
import { BlockBlobClient } from '@azure/storage-blob';
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeCacheService } from '../../fakes/actions-cache/index.js';
import { startCacheHarness, type CacheHarness } from './actions-cache-harness.js';

const SERVICE = 'github.actions.results.api.v1.CacheService';

let fake: FakeCacheService;
beforeEach(async () => {
  fake = new FakeCacheService();
  await fake.start();
});
afterEach(async () => {
  await fake.stop();
});

async function twirp(
  method: string,
  body: unknown,
  token = fake.token,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${fake.url}/twirp/${SERVICE}/${method}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Reserves, uploads (Put Blob) and finalizes an entry, as @actions/cache does for small archives. */
async function saveEntry(key: string, data: Buffer, version = 'v1'): Promise<void> {
  const created = await twirp('CreateCacheEntry', { key, version });
  expect(created.body['ok']).toBe(true);
  const put = await fetch(created.body['signed_upload_url'] as string, {
    method: 'PUT',
    headers: { 'x-ms-blob-type': 'BlockBlob' },
    body: data,
  });
  expect(put.status).toBe(201);
  const finalized = await twirp('FinalizeCacheEntryUpload', {
    key,
    version,
    size_bytes: String(data.length),
  });
  expect(finalized.body).toMatchObject({ ok: true, entry_id: expect.stringMatching(/^\d+$/) as unknown });
}

async function lookup(
  key: string,
  restoreKeys: string[] = [],
  version = 'v1',
): Promise<Record<string, unknown>> {
  return (await twirp('GetCacheEntryDownloadURL', { key, restore_keys: restoreKeys, version })).body;
}

describe('fake cache service: Twirp', () => {
  it('matches as GitHub does: exact key, else newest with the key as prefix, else restore keys in order', async () => {
    await saveEntry('k', Buffer.from('exact'));
    await saveEntry('k-1', Buffer.from('one'));
    await saveEntry('k-2', Buffer.from('two'));
    await saveEntry('other-1', Buffer.from('other'));
    expect(await lookup('k')).toMatchObject({ ok: true, matched_key: 'k' });
    expect(await lookup('k-')).toMatchObject({ ok: true, matched_key: 'k-2' });
    expect(await lookup('none', ['nope', 'other', 'k-'])).toMatchObject({ matched_key: 'other-1' });
    expect(await lookup('k', [], 'v2')).toEqual({}); // another version never matches
    expect(await lookup('nope')).toEqual({});
  });

  it('keeps entries immutable: the same key and version again is 409 already_exists', async () => {
    await saveEntry('k', Buffer.from('a'));
    expect(await twirp('CreateCacheEntry', { key: 'k', version: 'v1' })).toEqual({
      status: 409,
      body: {
        code: 'already_exists',
        msg: 'cache entry with the same key, version, and scope already exists',
      },
    });
    expect((await twirp('CreateCacheEntry', { key: 'k', version: 'v2' })).body['ok']).toBe(true);
  });

  it('hides entries until finalized, and refuses a finalize whose size does not match', async () => {
    const created = await twirp('CreateCacheEntry', { key: 'k', version: 'v1' });
    await fetch(created.body['signed_upload_url'] as string, {
      method: 'PUT',
      headers: { 'x-ms-blob-type': 'BlockBlob' },
      body: 'abc',
    });
    expect(await lookup('k')).toEqual({});
    expect(
      (await twirp('FinalizeCacheEntryUpload', { key: 'k', version: 'v1', size_bytes: '4' })).body,
    ).toEqual({
      ok: false,
      message: 'size 4 does not match the 3 bytes uploaded',
    });
  });

  it('answers 401 without the runtime token, and 400 for a bad key', async () => {
    expect((await twirp('GetCacheEntryDownloadURL', { key: 'k', version: 'v1' }, 'wrong')).status).toBe(401);
    expect((await twirp('CreateCacheEntry', { key: 'a,b', version: 'v1' })).status).toBe(400);
    expect((await twirp('CreateCacheEntry', { key: 'x'.repeat(513), version: 'v1' })).status).toBe(400);
    expect((await twirp('NoSuchMethod', {})).status).toBe(404);
  });

  it('records each call with what it answered', async () => {
    await lookup('k');
    expect(fake.calls).toEqual([
      {
        kind: 'twirp',
        method: 'GetCacheEntryDownloadURL',
        body: { key: 'k', restore_keys: [], version: 'v1' },
        status: 200,
      },
    ]);
  });
});

describe('fake cache service: blobs', () => {
  it('takes Put Block and Put Block List from @azure/storage-blob, and serves its ranged download', async () => {
    const created = await twirp('CreateCacheEntry', { key: 'big', version: 'v1' });
    const data = randomBytes(5000);
    const upload = new BlockBlobClient(created.body['signed_upload_url'] as string);
    await upload.uploadData(data, { maxSingleShotSize: 1024, blockSize: 1024, concurrency: 2 });
    await twirp('FinalizeCacheEntryUpload', { key: 'big', version: 'v1', size_bytes: '5000' });
    const ops = fake.calls.flatMap((c) => (c.kind === 'blob' ? [c.operation] : []));
    expect(ops).toEqual([...Array<string>(5).fill('put-block'), 'put-block-list']);

    const download = new BlockBlobClient((await lookup('big'))['signed_download_url'] as string);
    expect((await download.getProperties()).contentLength).toBe(5000);
    expect(await download.downloadToBuffer(1000, 3000, { blockSize: 1024 })).toEqual(
      data.subarray(1000, 4000),
    );
    const ranges = fake.calls.flatMap((c) => (c.kind === 'blob' && c.operation === 'get' ? [c.range] : []));
    expect(ranges).toEqual(['bytes=1000-2023', 'bytes=2024-3047', 'bytes=3048-3999']);
  });

  it('serves HEAD and Range as plain HTTP clients ask, and checks the signature', async () => {
    await saveEntry('k', Buffer.from('0123456789'));
    const url = (await lookup('k'))['signed_download_url'] as string;
    const head = await fetch(url, { method: 'HEAD' });
    expect([head.status, head.headers.get('content-length'), head.headers.get('accept-ranges')]).toEqual([
      200,
      '10',
      'bytes',
    ]);
    const part = await fetch(url, { headers: { range: 'bytes=2-5' } });
    expect([part.status, part.headers.get('content-range'), await part.text()]).toEqual([
      206,
      'bytes 2-5/10',
      '2345',
    ]);
    expect((await fetch(url.replace(/sig=[^&]+/, 'sig=forged'))).status).toBe(403);
    expect((await fetch(url, { headers: { range: 'bytes=20-' } })).status).toBe(416);
  });

  it('refuses writes once the entry is finalized, and a Content-MD5 that does not match', async () => {
    const created = await twirp('CreateCacheEntry', { key: 'k', version: 'v1' });
    const uploadUrl = created.body['signed_upload_url'] as string;
    const put = (headers: Record<string, string>) =>
      fetch(uploadUrl, {
        method: 'PUT',
        headers: { 'x-ms-blob-type': 'BlockBlob', ...headers },
        body: 'abc',
      });
    expect((await put({ 'content-md5': 'AAAAAAAAAAAAAAAAAAAAAA==' })).status).toBe(400);
    expect((await put({})).status).toBe(201);
    await twirp('FinalizeCacheEntryUpload', { key: 'k', version: 'v1', size_bytes: '3' });
    expect((await put({})).status).toBe(403);
  });
});

describe('fake cache service: with @actions/cache', () => {
  let h: CacheHarness;
  beforeEach(async () => {
    h = await startCacheHarness(() => 0);
  });
  afterEach(async () => {
    await h.cleanup();
  });

  it('makes the library report a second save under the same key as failed (-1)', async () => {
    const path = join(h.runnerTemp, 'file.txt');
    await writeFile(path, 'data');
    expect(await saveCache([path], 'same-key')).toBe(1);
    expect(await saveCache([path], 'same-key')).toBe(-1);
    const creates = h.fake.calls.flatMap((c) => (c.kind === 'twirp' ? [[c.method, c.status]] : []));
    expect(creates).toEqual([
      ['CreateCacheEntry', 200],
      ['FinalizeCacheEntryUpload', 200],
      ['CreateCacheEntry', 409],
    ]);
  });
});
