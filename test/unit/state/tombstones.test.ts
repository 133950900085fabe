/**
 * Deleted keys leave their version behind for TOMBSTONE_RETENTION_MS (state-data.ts), so
 * compare-and-set is not fooled by a delete and re-create; past the retention they go,
 * so short-lived keys (claims) do not pile up. The contract suite shows the first half
 * for every store; this shows the pruning and the file round trip.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { deleteDoc, emptyStateData, putDoc } from '../../../src/state/state-data.js';
import { parseStateFile, serializeStateFile } from '../../../src/state/file/file-format.js';
import { createFileStore } from '../../../src/state/file/file-store.js';
import { TOMBSTONE_RETENTION_MS } from '../../../src/state/store.js';

const T0 = Date.UTC(2026, 0, 1);

describe('tombstones', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
  });

  it('are pruned by later writes once past the retention, oldest first, young ones kept', () => {
    const data = emptyStateData();
    for (let i = 0; i < 100; i++) {
      putDoc(data, `claim/${i}`, true, 0, T0 + i * 1_000);
      deleteDoc(data, `claim/${i}`, 'any', T0 + i * 1_000);
    }
    expect(data.tombstones.size).toBe(100);
    // 50 s past the first 50 deletes' retention: those go, the other 50 stay.
    const later = T0 + TOMBSTONE_RETENTION_MS + 49_500;
    putDoc(data, 'other', 1, 0, later);
    deleteDoc(data, 'other', 1, later);
    expect(data.tombstones.has('claim/0')).toBe(false);
    expect(data.tombstones.has('claim/49')).toBe(false);
    expect(data.tombstones.has('claim/50')).toBe(true);
    expect(data.tombstones.size).toBe(51);
    // A pruned key starts again at 1; a kept one goes on from its version.
    expect(putDoc(data, 'claim/0', true, 0, later).result).toBe(1);
    expect(putDoc(data, 'claim/50', true, 0, later).result).toBe(2);
    expect(data.tombstones.has('claim/50')).toBe(false);
  });

  it('survive the state file: written when there are some, read back, and refused when corrupt', () => {
    const data = emptyStateData();
    putDoc(data, 'k', 'a', 0, T0);
    putDoc(data, 'k', 'b', 1, T0);
    deleteDoc(data, 'k', 2, T0);
    const text = serializeStateFile(data);
    expect((JSON.parse(text) as { tombstones?: unknown }).tombstones).toEqual({
      k: { version: 2, deletedAt: T0 },
    });
    const back = parseStateFile(text, 'state.json');
    expect(putDoc(back, 'k', 'c', 0, T0).result).toBe(3);
    expect(serializeStateFile(emptyStateData())).not.toContain('tombstones');
    const corrupt = JSON.stringify({
      schemaVersion: 1,
      docs: {},
      locks: {},
      history: {},
      tombstones: { k: { version: 0 } },
    });
    expect(() => parseStateFile(corrupt, 'state.json')).toThrow(/state.json is corrupt at tombstones.k/);
  });

  it('keep a file store from matching a stale version across processes (a new instance reads them)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tombstones-'));
    dirs.push(dir);
    const path = join(dir, 'state.json');
    const clock = (): number => T0;
    const a = createFileStore({ path, clock });
    await a.put('override/p', { mode: 'manual' }, 0);
    await a.delete('override/p', 1);
    await a.close();
    const b = createFileStore({ path, clock });
    expect(await b.put('override/p', { mode: 'enabled' }, 0)).toBe(2);
    await expect(b.put('override/p', { mode: 'stale' }, 1)).rejects.toThrow(/expected version 1, found 2/);
    expect((JSON.parse(await readFile(path, 'utf8')) as { tombstones?: unknown }).tombstones).toBeUndefined();
    await b.close();
  });
});
