import { saveCache } from '@actions/cache';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StateError } from '../../../src/core/errors.js';
import {
  createActionsCacheStore,
  type ActionsCacheStoreDeps,
} from '../../../src/state/actions-cache/actions-cache-store.js';
import { createStateStore } from '../../../src/state/index.js';
import type { CacheFault, FaultTarget } from '../../fakes/actions-cache/index.js';
import { startCacheHarness, type CacheHarness } from './actions-cache-harness.js';

const clock = (): number => Date.UTC(2026, 0, 1);

let h: CacheHarness;
beforeEach(async () => {
  h = await startCacheHarness(clock);
});
afterEach(async () => {
  await h.cleanup();
});

describe('actions-cache store: outside a job', () => {
  it('refuses to start without the cache service variables, naming each', async () => {
    const attempt = (): unknown => createActionsCacheStore({ clock, env: { RUNNER_TEMP: h.runnerTemp } });
    expect(attempt).toThrow(StateError);
    expect(attempt).toThrow(/only inside a GitHub Actions job/);
    expect(attempt).toThrow('missing: ACTIONS_RESULTS_URL, ACTIONS_RUNTIME_TOKEN, ACTIONS_CACHE_SERVICE_V2');
    const { ACTIONS_CACHE_SERVICE_V2: _, ...v1Only } = h.env;
    expect(() => createActionsCacheStore({ clock, env: v1Only })).toThrow(
      'missing: ACTIONS_CACHE_SERVICE_V2',
    );
    const deps: ActionsCacheStoreDeps = { clock, env: {} };
    await expect(createStateStore({ type: 'actions-cache' }, deps)).rejects.toThrow(StateError);
  });

  it('refuses GitHub Enterprise Server, a cache mode without read and write, and a job without RUNNER_TEMP', () => {
    const make = (extra: Record<string, string | undefined>) => () =>
      createActionsCacheStore({ clock, env: { ...h.env, ...extra } });
    expect(make({ GITHUB_SERVER_URL: 'https://github.acme.example' })).toThrow(/Enterprise Server/);
    expect(make({ GITHUB_SERVER_URL: 'https://acme.ghe.com' })).not.toThrow();
    for (const mode of ['read', 'write-only', 'none']) {
      expect(make({ ACTIONS_CACHE_MODE: mode })).toThrow(`ACTIONS_CACHE_MODE is ${mode}`);
    }
    expect(make({ ACTIONS_CACHE_MODE: 'write' })).not.toThrow();
    expect(make({ RUNNER_TEMP: undefined })).toThrow(/RUNNER_TEMP/);
  });
});

describe('actions-cache store: failing saves', () => {
  const faults: readonly { name: string; target: FaultTarget; fault: CacheFault }[] = [
    {
      name: 'a refused reservation (ok: false)',
      target: 'CreateCacheEntry',
      fault: { type: 'not-ok', message: 'cache write denied: token has no writable scopes' },
    },
    {
      name: 'an existing key (409)',
      target: 'CreateCacheEntry',
      fault: { type: 'http', status: 409, code: 'already_exists', message: 'exists' },
    },
    { name: 'a refused upload (403)', target: 'blob-write', fault: { type: 'http', status: 403 } },
    {
      name: 'a refused finalize (ok: false)',
      target: 'FinalizeCacheEntryUpload',
      fault: { type: 'not-ok', message: 'upload incomplete' },
    },
  ];

  it.each(faults)(
    'rejects flush naming the pool on $name, and keeps the changes',
    async ({ target, fault }) => {
      const store = h.createStore();
      await store.put('pool/linux', 'unsaved', 'any');
      await store.put('pool/windows', 'fine', 'any');
      h.fake.failNext(target, fault);
      const flushed = store.flush();
      await expect(flushed).rejects.toThrow(StateError);
      await expect(flushed).rejects.toThrow(
        /could not save state to the Actions cache for pool "(linux|windows)"/,
      );
      await store.close(); // saves what failed
      const next = h.createStore();
      expect((await next.get('pool/linux'))?.value).toBe('unsaved');
      expect((await next.get('pool/windows'))?.value).toBe('fine');
      await next.close();
    },
  );

  it('rejects close too when the last save fails', async () => {
    const store = h.createStore();
    await store.put('pool/linux', 1, 'any');
    h.fake.failNext('CreateCacheEntry', { type: 'not-ok', message: 'denied' });
    await expect(store.close()).rejects.toThrow(/pool "linux"/);
    await expect(store.get('pool/linux')).rejects.toThrow('closed');
  });
});

describe('actions-cache store: failing restores', () => {
  async function saved(): Promise<void> {
    const store = h.createStore();
    await store.put('pool/linux', { n: 1 }, 'any');
    await store.close();
  }

  it('fails the call, not as a miss, when the lookup fails; the next call tries again', async () => {
    await saved();
    const store = h.createStore();
    h.fake.failNext('GetCacheEntryDownloadURL', { type: 'http', status: 401, code: 'unauthenticated' });
    await expect(store.get('pool/linux')).rejects.toThrow(
      /cache lookup of ci-scaler-pool\.linux-- failed: HTTP 401/,
    );
    expect(await store.get('pool/linux')).toEqual({ value: { n: 1 }, version: 1 });
    await store.close();
  });

  it('retries a lookup after a 5xx', async () => {
    await saved();
    const store = h.createStore();
    h.fake.failNext('GetCacheEntryDownloadURL', { type: 'http', status: 503, code: 'unavailable' });
    expect(await store.get('pool/linux')).toEqual({ value: { n: 1 }, version: 1 });
    await store.close();
  });

  it('fails the call when the library cannot download what the lookup found', async () => {
    await saved();
    const store = h.createStore();
    h.fake.failNext('blob-read', { type: 'http', status: 403 });
    await expect(store.get('pool/linux')).rejects.toThrow(
      /restoring cache entry ci-scaler-pool\.linux--\S+ failed/,
    );
    await store.close();
  });

  it('fails on a corrupt restored file, naming the entry', async () => {
    const first = h.createStore();
    await first.put('pool/linux', 1, 'any');
    await first.flush();
    // Save garbage at the group's own path, as a newer entry of the group.
    const dir = join(h.runnerTemp, 'ci-scaler-state');
    const [file] = await readdir(dir);
    const path = join(dir, file ?? '');
    await writeFile(path, '{ not json');
    expect(await saveCache([path], 'ci-scaler-pool.linux--9999999999999-corrupt')).toBeGreaterThan(0);
    await first.close();
    const second = h.createStore();
    const got = second.get('pool/linux');
    await expect(got).rejects.toThrow(StateError);
    await expect(got).rejects.toThrow(
      /cache entry ci-scaler-pool\.linux--9999999999999-corrupt is not valid JSON/,
    );
    await second.close();
  });
});
