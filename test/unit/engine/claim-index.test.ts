import { describe, expect, it } from 'vitest';
import {
  CLAIM_RETENTION_MS,
  EMPTY_CLAIMS,
  expiredClaims,
  freshClaims,
  indexOfLegacy,
  withClaims,
} from '../../../src/engine/claim-index.js';
import { MemoryStore } from '../../../src/state/memory/memory-store.js';
import { readPoolDoc } from '../../../src/engine/pool-doc.js';

const T0 = Date.parse('2026-11-02T09:00:10.000Z');

describe('claim index', () => {
  it('groups claims by minute and hands back the same index when nothing is added', () => {
    const a = withClaims(EMPTY_CLAIMS, ['w1'], T0);
    const b = withClaims(a, ['w2'], T0 + 30_000);
    const c = withClaims(b, ['w3'], T0 + 60_000);
    expect(c).toEqual([
      { minute: '2026-11-02T09:00', names: ['w1', 'w2'] },
      { minute: '2026-11-02T09:01', names: ['w3'] },
    ]);
    expect(withClaims(c, [], T0 + 90_000)).toBe(c);
    // Earlier indexes are left as they were (documents are never changed in place).
    expect(b).toEqual([{ minute: '2026-11-02T09:00', names: ['w1', 'w2'] }]);
    expect(a).toEqual([{ minute: '2026-11-02T09:00', names: ['w1'] }]);
  });

  it('forgets a minute once all of it is older than the retention, never a claim younger', () => {
    const index = withClaims(withClaims(EMPTY_CLAIMS, ['old'], T0), ['young'], T0 + 60_000);
    // 09:00:10 + 15 min: the 09:00 minute still holds a claim younger than the retention.
    expect(freshClaims(index, T0 + CLAIM_RETENTION_MS)).toBe(index);
    expect(expiredClaims(index, T0 + CLAIM_RETENTION_MS)).toEqual([]);
    const later = T0 + CLAIM_RETENTION_MS + 50_000;
    expect(freshClaims(index, later)).toEqual([{ minute: '2026-11-02T09:01', names: ['young'] }]);
    expect(expiredClaims(index, later)).toEqual(['old']);
    expect(expiredClaims(index, later + 60_000)).toEqual(['old', 'young']);
  });

  it('reads the flat claims of documents written before the grouping, oldest minute first', () => {
    const index = indexOfLegacy({
      b: '2026-11-02T09:05:00.000Z',
      a: '2026-11-02T09:00:59.000Z',
      c: '2026-11-02T09:05:30.000Z',
      broken: 'yesterday',
    });
    expect(index.map((m) => m.minute)).toEqual(['0000-00-00T00:00', '2026-11-02T09:00', '2026-11-02T09:05']);
    expect(index[2]?.names).toEqual(['b', 'c']);
    // A time that does not parse is forgotten at the first clean-up.
    expect(expiredClaims(index, T0)).toEqual(['broken']);
  });

  it('a stored document with flat claims is read into the index', async () => {
    const store = new MemoryStore({ clock: () => T0 });
    await store.put(
      'pool/linux',
      { schemaVersion: 1, memory: { version: 1 }, workers: [], claims: { w1: '2026-11-02T09:00:00.000Z' } },
      0,
    );
    expect((await readPoolDoc(store, 'linux')).claimsByMinute).toEqual([
      { minute: '2026-11-02T09:00', names: ['w1'] },
    ]);
  });
});
