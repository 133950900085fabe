/** Bad input and a busy API, through the real TFC source and the fake TFC over HTTP. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../../../src/core/errors.js';
import { policy } from '../../unit/core/builders.js';
import { tfcHarness, type Harness } from './harness.js';

const pool = policy({ name: 'tfc', capacity: 'replica' });
let h: Harness;

beforeEach(async () => {
  h = await tfcHarness();
});
afterEach(() => h.stop());

async function failure(p: Promise<unknown>): Promise<ProviderError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof ProviderError)) throw new Error(`expected a ProviderError, got ${String(err)}`);
  return err;
}

describe('TFC source: bad input', () => {
  it('a wrong token: 401 "TFC token rejected", not retried, not read as "no agents"', async () => {
    const err = await failure(h.source({ token: 'not-the-token' }).snapshot(pool));
    expect(err).toMatchObject({ status: 401, retryable: false });
    expect(err.message).toMatch(/^TFC token rejected .*source\.token.*\(unauthorized\)$/);
    expect(h.tfc.requests.map((r) => r.status)).toEqual([401]);
  });

  it('an unknown pool name: 404 naming the pool and the organization', async () => {
    h.tfc.createPool('acme', 'linux-agents-old');
    const err = await failure(h.source({ agentPool: 'linux' }).snapshot(pool));
    expect(err).toMatchObject({ status: 404, retryable: false });
    expect(err.message).toBe(
      'TFC agent pool "linux" not found in organization "acme" (source.agentPool); similar: linux-agents, linux-agents-old',
    );
  });

  it('an unknown pool id, or an unknown organization: 404 that names it', async () => {
    const byId = await failure(h.source({ agentPool: 'apool-doesnotexist' }).snapshot(pool));
    expect(byId).toMatchObject({ status: 404 });
    expect(byId.message).toMatch(/^TFC agent pool apool-doesnotexist not found/);
    const org = await failure(h.source({ organization: 'acne' }).snapshot(pool));
    expect(org.message).toMatch(/^TFC organization "acne" not found/);
  });

  it('a pool given by its apool- id is read directly, and its runs are found by its name', async () => {
    const run = h.tfc.queueRun(h.tfc.createWorkspace('acme', 'net', h.poolId).id);
    const snap = await h.source({ agentPool: h.poolId }).snapshot(pool);
    expect(snap.jobs.map((j) => j.id)).toEqual([run.id]);
    expect(h.tfc.requests.map((r) => r.path)).toContain(`/api/v2/agent-pools/${h.poolId}`);
  });
});

describe('TFC source: rate limits', () => {
  it('429 then success: waits x-ratelimit-reset, and every request is counted', async () => {
    h.tfc.addAgent(h.poolId, { name: 'agent-1' });
    h.tfc.failNext(2, { resetSeconds: 1.25 });
    const snap = await h.source().snapshot(pool);
    expect(snap.registrations.map((r) => r.name)).toEqual(['agent-1']);
    expect(h.waits).toEqual([1250, 1250]);
    expect(h.tfc.requests.filter((r) => r.status === 429)).toHaveLength(2);
    expect(snap.apiCalls).toBe(h.tfc.requests.length);
    expect(snap.apiCalls).toBe(5); // 2 x 429, pool lookup, agents, runs
  });

  it('Retry-After longer than x-ratelimit-reset wins', async () => {
    h.tfc.failNext(1, { resetSeconds: 0.1, retryAfter: '4' });
    await h.source().snapshot(pool);
    expect(h.waits).toEqual([4000]);
  });

  it('rate limited for good: a retryable 429 after bounded retries, never an empty snapshot', async () => {
    h.tfc.failNext(10, { resetSeconds: 0.5 });
    const err = await failure(h.source().snapshot(pool));
    expect(err).toMatchObject({ status: 429, retryable: true });
    expect(h.waits).toEqual([500, 500, 500]);
    expect(h.tfc.requests).toHaveLength(4);
  });
});

describe('TFC source: pagination', () => {
  it('reads every page of more than 100 agents and more than 100 runs', async () => {
    for (let i = 0; i < 250; i++) h.tfc.addAgent(h.poolId, { name: `agent-${i}` });
    const wss = h.tfc.createWorkspaces('acme', 130, h.poolId);
    for (const ws of wss) h.tfc.queueRun(ws.id);
    const snap = await h.source().snapshot(pool);
    expect(new Set(snap.registrations.map((r) => r.name)).size).toBe(250);
    expect(new Set(snap.jobs.map((j) => j.id)).size).toBe(130);
    const pages = (suffix: string) =>
      h.tfc.requests
        .filter((r) => r.path.endsWith(suffix))
        .map((r) => /page\[number\]=(\d+)/.exec(r.query)?.[1]);
    expect(pages('/agents')).toEqual(['1', '2', '3']);
    expect(pages('/runs')).toEqual(['1', '2']);
    expect(h.tfc.requests.every((r) => r.query === '' || r.query.includes('page[size]=100'))).toBe(true);
  });
});

describe('TFC source: older Terraform Enterprise (no organization runs listing)', () => {
  it("falls back to the pool's workspaces and their current runs, once, and says so", async () => {
    h.tfc.organizationRunsListing = false;
    const [a, b] = h.tfc.createWorkspaces('acme', 2, h.poolId);
    h.tfc.createWorkspace('acme', 'elsewhere'); // not in the pool
    const current = h.tfc.queueRun(a?.id ?? '');
    h.tfc.queueRun(a?.id ?? ''); // pending behind it: not a current run
    const other = h.tfc.queueRun(b?.id ?? '', { needsApproval: true });
    h.tfc.addAgent(h.poolId, { name: 'agent-1' });
    h.tfc.takeRun('agent-1');
    h.tfc.finishRun('agent-1', current.id); // current: apply_queued
    const source = h.source();
    const snap = await source.snapshot(pool);
    expect(snap.jobs).toEqual([
      expect.objectContaining({ id: current.id, state: 'queued', kind: 'apply', group: a?.id }),
      expect.objectContaining({ id: other.id, state: 'queued', kind: 'plan', group: b?.id }),
    ]);
    expect(h.logger.records.filter((r) => r.level === 'warn').map((r) => r.message)).toEqual([
      expect.stringMatching(/organization runs listing is not available/),
    ]);
    h.mark();
    await source.snapshot(pool);
    const paths = h.tfc.requests.slice(-h.since()).map((r) => r.path);
    expect(paths).not.toContain('/api/v2/organizations/acme/runs');
    const checks = await source.doctor();
    expect(checks[2]?.detail).toMatch(/current runs \(older Terraform Enterprise\)/);
  });

  it('a 404 of the runs listing is not taken for older TFE when the organization is wrong', async () => {
    // The pool is found by id, so only the runs listing meets the organization.
    for (const listing of [true, false]) {
      h.tfc.organizationRunsListing = listing;
      const err = await failure(h.source({ agentPool: h.poolId, organization: 'acne' }).snapshot(pool));
      expect(err).toMatchObject({ status: 404 });
      expect(err.message).toMatch(/^TFC organization "acne" not found/);
    }
  });

  it('errors of the fallback surface: a failing workspaces listing fails the snapshot', async () => {
    h.tfc.organizationRunsListing = false;
    h.tfc.createWorkspace('acme', 'net', h.poolId);
    const source = h.source();
    await source.snapshot(pool);
    h.tfc.failNext(10, { resetSeconds: 0.1 });
    await expect(source.snapshot(pool)).rejects.toMatchObject({ status: 429, retryable: true });
  });
});
