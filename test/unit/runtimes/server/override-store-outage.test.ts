/**
 * Found by review: pool-view.ts `overrideOf` caught every StateError from `readOverride` and reported it as
 * "the stored override cannot be read" (`overrideError`), with `override: null` and the
 * config's mode as the effective one. But `readOverride` throws StateError for two different
 * things: a stored document it cannot parse (what the branch is for), and a store that does
 * not answer (DynamoDB throttled or unreachable, the state file unreadable: every store maps
 * its I/O errors to StateError). For a transient store outage the control API then answers
 * 200 saying the pool has no override and runs in its config mode (e.g. `enabled`) while the
 * stored override (e.g. `disabled` for an incident) is still in force, and tells the operator
 * the override is unreadable, i.e. to DELETE it. The status page prints "Override unreadable"
 * the same way. An unreachable store should be a 503 (as other StateErrors are, api-routes.ts
 * statusOf), not a 200 with a wrong mode.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StateError } from '../../../../src/core/errors.js';
import { API_TOKEN, apiHarness, type ApiHarness } from '../../../support/api-harness.js';

let h: ApiHarness;
beforeEach(async () => {
  h = await apiHarness({ apiToken: API_TOKEN });
});
afterEach(async () => {
  vi.restoreAllMocks();
  await h.close();
});

describe('GET /api/pools/:pool while the state store does not answer', () => {
  it('does not report the override gone and the config mode in effect', async () => {
    const set = await h.call('POST', '/api/pools/linux/mode', { mode: 'disabled', reason: 'incident 42' });
    expect(set.status).toBe(200);
    await h.reconcile('linux');

    // The store stops answering (as the DynamoDB store reports a network failure).
    vi.spyOn(h.ctx.built.store, 'get').mockRejectedValue(
      new StateError('DynamoDB GetItem on table "ci-scaler" failed: connect ETIMEDOUT 10.0.0.1:443'),
    );
    const res = await h.call('GET', '/api/pools/linux');
    const body = (await res.json()) as Record<string, unknown>;

    // Today: 200, mode "enabled", override null, overrideError naming the timeout.
    const answer = {
      status: res.status,
      mode: body['mode'],
      override: body['override'],
      overrideError: body['overrideError'],
    };
    expect(answer.status === 503 || answer.mode === 'disabled', JSON.stringify(answer)).toBe(true);
  });
});
