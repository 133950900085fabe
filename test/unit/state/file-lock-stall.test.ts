/**
 * A file-store writer that stalls inside its write (a slow rename or fsync on a busy disk)
 * keeps its lock: found by review, a live holder's lock lapsed after 2 s, another process
 * took it over, and both create-if-absent writes of one key succeeded.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it, vi } from 'vitest';
import { StateError } from '../../../src/core/errors.js';

const gate = vi.hoisted(() => ({
  target: '',
  hold: undefined as Promise<void> | undefined,
  entered: (): void => undefined,
}));

vi.mock('node:fs/promises', async (importOriginal) => {
  const orig = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...orig,
    rename: async (from: string, to: string) => {
      // The first rename onto the state file stalls until the test lets it go.
      if (to === gate.target && gate.hold !== undefined) {
        const hold = gate.hold;
        gate.hold = undefined;
        gate.entered();
        await hold;
      }
      return orig.rename(from, to);
    },
  };
});

const { createFileStore } = await import('../../../src/state/file/file-store.js');

let dir = '';
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

it('a second process waits for a stalled holder and gives up; only one create-if-absent wins', async () => {
  dir = await mkdtemp(join(tmpdir(), 'ci-scaler-stall-'));
  const path = join(dir, 'state.json');
  // Two instances stand for two processes: only the lock file is between them.
  const a = createFileStore({ path, clock: () => Date.now() });
  const b = createFileStore({ path, clock: () => Date.now(), lockTimeoutMs: 3_000 });
  await a.put('other/a', 1, 0);
  let release!: () => void;
  gate.target = path;
  gate.hold = new Promise<void>((r) => (release = r));
  const entered = new Promise<void>((r) => (gate.entered = r));
  const putA = a.put('claim/pool/worker-1', 'A', 0);
  await entered; // A holds the lock, has verified it, and is inside its write
  const errorB = await b.put('claim/pool/worker-1', 'B', 0).catch((e: unknown) => e);
  release();
  expect(await putA).toBe(1);
  expect(errorB).toBeInstanceOf(StateError);
  expect(String(errorB)).toMatch(
    /timed out after 3000 ms waiting for lock file .*state\.json\.lock, held by pid \d+/,
  );
  expect(await a.get('claim/pool/worker-1')).toEqual({ value: 'A', version: 1 });
}, 20_000);
