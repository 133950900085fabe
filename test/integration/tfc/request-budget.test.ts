/**
 * TFC API requests per quiet reconcile (no runs) for a pool with 50 workspaces, counted by
 * the fake after warm-up (the pool lookup), on both ways of reading runs. Goal: at most 3.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RUNS_CACHE_MS } from '../../../src/sources/tfc/index.js';
import { policy } from '../../unit/core/builders.js';
import { tfcHarness, type Harness } from './harness.js';

const pool = policy({ name: 'tfc', capacity: 'replica' });
let h: Harness;

beforeEach(async () => {
  h = await tfcHarness();
  h.tfc.createWorkspaces('acme', 50, h.poolId);
  for (let i = 0; i < 5; i++) h.tfc.addAgent(h.poolId, { name: `agent-${i}` });
});
afterEach(() => h.stop());

/** Requests of `reconciles` snapshots, `everyMs` apart after a warm-up one; each as the fake counted it. */
async function quietReconciles(reconciles: number, everyMs: number, runsCacheMs?: number): Promise<number[]> {
  const source = h.source({}, runsCacheMs === undefined ? {} : { runsCacheMs });
  await source.snapshot(pool); // warm-up: resolves the pool
  const counts: number[] = [];
  for (let i = 0; i < reconciles; i++) {
    h.advance(everyMs);
    h.mark();
    const snap = await source.snapshot(pool);
    expect(snap.jobs).toEqual([]);
    expect(snap.apiCalls).toBe(h.since());
    counts.push(h.since());
  }
  return counts;
}

describe('TFC requests per quiet reconcile, 50 workspaces', () => {
  it('organization runs listing: 2 (agents + runs), 1 while the runs answer is cached', async () => {
    expect(await quietReconciles(3, 30_000)).toEqual([2, 2, 2]); // the default 30 s interval
    expect(await quietReconciles(3, 1_000)).toEqual([1, 1, 1]); // within RUNS_CACHE_MS of the warm-up
  });

  it('organization runs listing on a 1 s loop: at most 3 each, runs read at most every RUNS_CACHE_MS', async () => {
    const counts = await quietReconciles(20, 1_000);
    expect(Math.max(...counts)).toBeLessThanOrEqual(3);
    expect(counts.filter((c) => c === 2)).toHaveLength(Math.ceil(20 / (RUNS_CACHE_MS / 1000)));
    expect(counts.every((c) => c === 1 || c === 2)).toBe(true);
  });

  it('a loop every 500 ms for 3 minutes never meets the 30-a-minute limit of the runs listing', async () => {
    await quietReconciles(360, 500);
    const runsRequests = h.tfc.requests.filter((r) => r.path.endsWith('/runs'));
    expect(runsRequests.filter((r) => r.status === 429)).toEqual([]);
    const perMinute = Math.max(
      ...runsRequests.map((r) => runsRequests.filter((o) => o.at >= r.at && o.at < r.at + 60_000).length),
    );
    expect(perMinute).toBeLessThanOrEqual(60_000 / RUNS_CACHE_MS);
  });

  it('without the cache the same loop does meet it (the fake enforces 30 a minute): a retryable 429', async () => {
    await expect(quietReconciles(360, 500, 0)).rejects.toMatchObject({ status: 429, retryable: true });
    expect(h.tfc.requests.filter((r) => r.path.endsWith('/runs') && r.status === 200)).toHaveLength(30);
  });

  it('fallback (older TFE): 3 (agents, pool, one workspaces page) while the organization has at most 100 workspaces', async () => {
    h.tfc.organizationRunsListing = false;
    expect(await quietReconciles(3, 30_000)).toEqual([3, 3, 3]);
  });

  it("fallback costs one more request per 100 workspaces of the organization, the pool's or not", async () => {
    h.tfc.organizationRunsListing = false;
    h.tfc.createWorkspaces('acme', 200, undefined, 'other');
    expect(await quietReconciles(2, 30_000)).toEqual([5, 5]);
  });
});
