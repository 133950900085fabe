import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, StateError } from '../../../src/core/errors.js';
import { createFileStore, type FileStoreOptions } from '../../../src/state/file/file-store.js';
import { spawnFixture } from './spawn-fixture.js';

const NOW = Date.UTC(2026, 0, 1);
const clock = (): number => NOW;

let dir: string;
let path: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ci-scaler-file-store-'));
  path = join(dir, 'state.json');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function store(options: Partial<FileStoreOptions> = {}) {
  return createFileStore({ path, clock, ...options });
}

async function readJson(file: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
}

describe('file store: persistence', () => {
  it('reads a missing file as an empty store and creates the parent directory on write', async () => {
    const nested = createFileStore({ path: join(dir, 'a', 'b', 'state.json'), clock });
    expect(await nested.get('k')).toBeUndefined();
    expect(await nested.listHistory('pool', 10)).toEqual([]);
    await nested.put('k', 1, 0);
    expect(await readJson(join(dir, 'a', 'b', 'state.json'))).toMatchObject({ schemaVersion: 1 });
  });

  it('keeps data for a new instance on the same path', async () => {
    const first = store();
    await first.put('memory/pool-a', { version: 1, attempts: { j1: 2 } }, 0);
    await first.lock('pool-a', 'server-1', 60_000);
    await first.close();
    const second = store();
    expect(await second.get('memory/pool-a')).toEqual({
      value: { version: 1, attempts: { j1: 2 } },
      version: 1,
    });
    expect(await second.lock('pool-a', 'server-2', 60_000)).toBeUndefined();
    expect(await readJson(path)).toEqual({
      schemaVersion: 1,
      docs: { 'memory/pool-a': { value: { version: 1, attempts: { j1: 2 } }, version: 1 } },
      locks: { 'pool-a': { owner: 'server-1', expiresAt: NOW + 60_000 } },
      history: {},
    });
  });

  it('ignores a torn temp file left by a crash, and removes it on the next write', async () => {
    await store().put('k', { n: 1 }, 0);
    const temp = join(dir, `.state.json.4242.${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(12)}.tmp`);
    await writeFile(temp, '{"schemaVersion": 1, "docs": {"k": {"val');
    const after = store();
    expect(await after.get('k')).toEqual({ value: { n: 1 }, version: 1 });
    await after.put('k', { n: 2 }, 1);
    expect(await readdir(dir)).toEqual(['state.json']);
  });

  it('leaves a complete earlier or later file when a writer is killed mid-write', async () => {
    const padding = 256 * 1024;
    // Each round starts where a killed writer left off: its lock file and temp file too.
    for (let round = 0; round < 3; round++) {
      const writer = spawnFixture('file-store-writer.ts', [path, String(padding)]);
      const first = Number(await writer.nextLine());
      let written = first;
      while (written < first + 3) written = Number(await writer.nextLine());
      // A write takes a few ms: a random pause lands the kill anywhere inside one.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 8));
      writer.child.kill('SIGKILL');
      expect(await writer.exited).toBe('SIGKILL');

      expect(await readJson(path)).toMatchObject({ schemaVersion: 1 });
      const doc = await store().get('doc');
      const value = doc?.value as { n: number; padding: string };
      expect(value.n).toBe(doc?.version);
      expect(value.n).toBeGreaterThanOrEqual(written);
      expect(value.padding).toBe(String(value.n % 10).repeat(padding));
    }
    // The last writer may have died holding the lock file: its dead pid lets us take over,
    // or, if it died before writing its pid, the 2 s age of an unreadable lock file.
    const after = store({ lockTimeoutMs: 5000 });
    const version = (await after.get('doc'))?.version ?? 0;
    await after.put('doc', { n: 0 }, version);
    expect(await readdir(dir)).toEqual(['state.json']);
  });

  it('counts to exactly 100 when two processes each do 50 compare-and-set increments', async () => {
    const counters = [0, 1].map(() => spawnFixture('file-store-counter.ts', [path, '50']));
    for (const counter of counters) expect(await counter.nextLine()).toBe('ready');
    // Both start together, so their increments interleave and race.
    for (const counter of counters) counter.child.stdin?.end('go\n');
    for (const counter of counters) {
      expect(JSON.parse(await counter.nextLine())).toHaveProperty('conflicts');
      expect(await counter.exited).toBe(0);
    }
    expect(await store().get('counter')).toEqual({ value: 100, version: 100 });
  });

  it('serialises concurrent changes from two instances in one process', async () => {
    const [a, b] = [store(), store()];
    const increment = async (s: ReturnType<typeof store>): Promise<void> => {
      for (;;) {
        const current = await s.get('n');
        try {
          await s.put('n', ((current?.value as number | undefined) ?? 0) + 1, current?.version ?? 0);
          return;
        } catch (error) {
          if (!(error instanceof ConflictError)) throw error;
        }
      }
    };
    await Promise.all([
      ...Array.from({ length: 10 }, () => increment(a)),
      ...Array.from({ length: 10 }, () => increment(b)),
    ]);
    expect(await a.get('n')).toEqual({ value: 20, version: 20 });
  });
});

describe('file store: lock file', () => {
  const lockFile = (): string => `${path}.lock`;
  const holder = (fields: Record<string, unknown>): string =>
    JSON.stringify({
      pid: process.pid,
      host: hostname(),
      token: 'someone-else',
      expiresAt: NOW + 60_000,
      ...fields,
    });

  it('takes over a lock file whose expiry has passed', async () => {
    await writeFile(lockFile(), holder({ expiresAt: NOW - 1 }));
    await store({ lockTimeoutMs: 100 }).put('k', 1, 0);
    expect(await readdir(dir)).toEqual(['state.json']);
  });

  it('takes over a lock file of a process that no longer exists', async () => {
    await writeFile(lockFile(), holder({ pid: 2 ** 30 }));
    await store({ lockTimeoutMs: 100 }).put('k', 1, 0);
    expect(await readdir(dir)).toEqual(['state.json']);
  });

  it('waits for a live holder, then fails naming the lock file, changing nothing', async () => {
    await writeFile(lockFile(), holder({}));
    const error = await store({ lockTimeoutMs: 50 })
      .put('k', 1, 0)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StateError);
    expect((error as Error).message).toContain(lockFile());
    expect(await readFile(lockFile(), 'utf8')).toBe(holder({}));
    expect(await store().get('k')).toBeUndefined();
  });

  it('treats an unreadable lock file as held until it stayed unreadable for the stale age', async () => {
    await writeFile(lockFile(), '');
    await expect(store({ lockTimeoutMs: 30, lockStaleAfterMs: 2_000 }).put('k', 1, 0)).rejects.toThrow(
      StateError,
    );
    // Its age is measured by waiting, not by the file's mtime against the injected clock,
    // which here stands still at a fixed instant.
    await store({ lockTimeoutMs: 500, lockStaleAfterMs: 50 }).put('k', 1, 0);
    expect(await readdir(dir)).toEqual(['state.json']);
  });
});

describe('file store: format', () => {
  async function expectStateError(content: string, message: string | RegExp): Promise<void> {
    await writeFile(path, content);
    for (const call of [
      () => store().get('k'),
      () => store().put('k', 1, 0),
      () => store().listHistory('a', 1),
    ]) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StateError);
      expect((error as Error).message).toContain(path);
      expect((error as Error).message).toMatch(message);
    }
    // Never overwritten as if it were empty.
    expect(await readFile(path, 'utf8')).toBe(content);
  }

  it('refuses an unknown schemaVersion', async () => {
    await expectStateError(
      JSON.stringify({ schemaVersion: 2, docs: {}, locks: {}, history: {} }),
      /schemaVersion 2/,
    );
  });

  it('refuses corrupt JSON, an empty file and a file of the wrong shape', async () => {
    await expectStateError('{"schemaVersion": 1, "docs": {', /not valid JSON/);
    await expectStateError('', /not valid JSON/);
    await expectStateError('[]', /JSON object/);
    await expectStateError('{"hello": "world"}', /not a ci-scaler state file/);
    const noVersion = { schemaVersion: 1, docs: { k: { value: 1 } }, locks: {}, history: {} };
    await expectStateError(JSON.stringify(noVersion), /corrupt at docs\.k/);
    const wrongPool = { schemaVersion: 1, docs: {}, locks: {}, history: { a: [{ pool: 'b' }] } };
    await expectStateError(JSON.stringify(wrongPool), /corrupt at history\.a/);
  });

  it('migrates a v0 file (no schemaVersion, has docs) on read and writes v1 on the next change', async () => {
    await writeFile(path, JSON.stringify({ docs: { k: { value: { n: 1 }, version: 3 } } }));
    const s = store();
    expect(await s.get('k')).toEqual({ value: { n: 1 }, version: 3 });
    expect(await s.listHistory('a', 10)).toEqual([]);
    await s.put('k', { n: 2 }, 3);
    expect(await readJson(path)).toEqual({
      schemaVersion: 1,
      docs: { k: { value: { n: 2 }, version: 4 } },
      locks: {},
      history: {},
    });
  });
});
