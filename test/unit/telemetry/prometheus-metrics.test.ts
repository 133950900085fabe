import { register as globalRegistry } from 'prom-client';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Decision, Job, PoolObservation } from '../../../src/core/types.js';
import { Engine, type ReconcileResult } from '../../../src/engine/engine.js';
import { createMemoryStore } from '../../../src/state/memory/memory-store.js';
import { silentLogger } from '../../../src/telemetry/logger.js';
import {
  createServerMetrics,
  type PrometheusServerMetrics,
} from '../../../src/telemetry/prometheus-metrics.js';
import { FakeCi, FakeHost } from '../../fakes/memory-ci.js';
import { parsePrometheusText, sampleValue, type Family } from '../../support/prometheus-text.js';
import { policy, SEC, T0 } from '../core/builders.js';

let metrics: PrometheusServerMetrics;

async function scrape(): Promise<Map<string, Family>> {
  return parsePrometheusText(await metrics.render());
}

function decision(extra: Partial<Decision> = {}): Decision {
  return {
    pool: 'p',
    desired: 0,
    actions: [],
    memory: { version: 1 },
    reason: 'steady',
    exhausted: [],
    overLifetimeBusy: [],
    ...extra,
  };
}

function reconcile(extra: Partial<ReconcileResult> & { jobs?: Job[]; now?: number } = {}): ReconcileResult {
  const { jobs = [], now = T0, ...rest } = extra;
  const observation: PoolObservation = { now, jobs, workers: [], memory: { version: 1 } };
  return {
    pool: 'p',
    result: 'ok',
    decision: decision(),
    observation,
    outcomes: [],
    apiCalls: 0,
    unmatched: [],
    source: 'github',
    ...rest,
  };
}

beforeEach(() => {
  metrics = createServerMetrics();
});

describe('createServerMetrics from real engine results', () => {
  it('counts a reconcile that launches: jobs, workers, desired, actions, scale events, API calls', async () => {
    let now = T0;
    const ci = new FakeCi();
    const host = new FakeHost(() => now);
    const engine = new Engine({
      pools: [{ policy: policy({ name: 'linux', labels: ['linux'] }), source: ci, provider: host }],
      store: createMemoryStore({ clock: () => now }),
      clock: () => now,
      owner: 't',
      logger: silentLogger,
    });
    ci.queue('1', ['linux'], { queuedAt: T0 - 90 * SEC });
    ci.queue('2', ['linux'], { queuedAt: T0 - 30 * SEC });
    ci.queue('3', ['gpu']);
    metrics.observeReconcile('linux', await engine.reconcile('linux'));
    let m = await scrape();
    const pool = { pool: 'linux' };
    expect(sampleValue(m, 'ci_scaler_jobs', { ...pool, state: 'queued' })).toBe(2);
    expect(sampleValue(m, 'ci_scaler_jobs', { ...pool, state: 'running' })).toBe(0);
    expect(sampleValue(m, 'ci_scaler_workers', { ...pool, state: 'busy' })).toBe(0);
    expect(sampleValue(m, 'ci_scaler_desired_workers', pool)).toBe(2);
    expect(sampleValue(m, 'ci_scaler_reconcile_total', { ...pool, result: 'ok' })).toBe(1);
    expect(sampleValue(m, 'ci_scaler_actions_total', { ...pool, action: 'launch', result: 'ok' })).toBe(2);
    expect(sampleValue(m, 'ci_scaler_scale_events_total', { ...pool, direction: 'up' })).toBe(1);
    expect(sampleValue(m, 'ci_scaler_source_api_calls_total', { ...pool, source: 'fake' })).toBe(2);
    expect(sampleValue(m, 'ci_scaler_oldest_queued_job_seconds', pool)).toBe(90);
    expect(sampleValue(m, 'ci_scaler_unmatched_jobs', { ...pool, labels: 'gpu' })).toBe(1);

    // Both start; the next reconcile sees them running: their waits are observed once.
    ci.start('linux-1-1', '1');
    ci.start('linux-2-1', '2');
    now += 30 * SEC;
    metrics.observeReconcile('linux', await engine.reconcile('linux'));
    now += 30 * SEC;
    metrics.observeReconcile('linux', await engine.reconcile('linux'));
    m = await scrape();
    expect(sampleValue(m, 'ci_scaler_workers', { ...pool, state: 'busy' })).toBe(2);
    expect(sampleValue(m, 'ci_scaler_job_wait_seconds_count', pool)).toBe(2);
    expect(sampleValue(m, 'ci_scaler_job_wait_seconds_sum', pool)).toBe(120 + 60);
    expect(sampleValue(m, 'ci_scaler_job_wait_seconds_bucket', { ...pool, le: '60' })).toBe(1);
    expect(sampleValue(m, 'ci_scaler_job_wait_seconds_bucket', { ...pool, le: '+Inf' })).toBe(2);
    expect(sampleValue(m, 'ci_scaler_oldest_queued_job_seconds', pool)).toBe(0);
    expect(sampleValue(m, 'ci_scaler_reconcile_total', { ...pool, result: 'ok' })).toBe(3);
  });

  it('times a job from its in_progress event, once, and counts fast-path events and launches', async () => {
    const ci = new FakeCi();
    const host = new FakeHost(() => T0);
    const engine = new Engine({
      pools: [{ policy: policy({ name: 'linux', labels: ['linux'] }), source: ci, provider: host }],
      store: createMemoryStore({ clock: () => T0 }),
      clock: () => T0,
      owner: 't',
      logger: silentLogger,
    });
    const job: Job = { id: '7', state: 'queued', labels: ['linux'], queuedAt: T0 - 12 * SEC };
    metrics.observeEvent(await engine.handleJobEvent({ action: 'queued', job }));
    const started = {
      action: 'in_progress' as const,
      job: { ...job, state: 'running' as const },
      runnerName: 'linux-7-1',
    };
    metrics.observeEvent(await engine.handleJobEvent(started));
    metrics.observeEvent(await engine.handleJobEvent(started));
    const m = await scrape();
    expect(sampleValue(m, 'ci_scaler_events_total', { pool: 'linux', action: 'queued' })).toBe(1);
    expect(sampleValue(m, 'ci_scaler_events_total', { pool: 'linux', action: 'in_progress' })).toBe(2);
    expect(sampleValue(m, 'ci_scaler_actions_total', { pool: 'linux', action: 'launch', result: 'ok' })).toBe(
      1,
    );
    expect(sampleValue(m, 'ci_scaler_job_wait_seconds_count', { pool: 'linux' })).toBe(1);
    expect(sampleValue(m, 'ci_scaler_job_wait_seconds_sum', { pool: 'linux' })).toBe(12);
  });
});

describe('job waits, under the pool the job waited in', () => {
  const linuxJob: Job = { id: '9', state: 'queued', labels: ['linux'], queuedAt: T0 - 20 * SEC };

  it('a linux job that a large runner took counts as a linux wait (events)', async () => {
    const engine = new Engine({
      pools: [
        {
          policy: policy({ name: 'linux', labels: ['linux'] }),
          source: new FakeCi(),
          provider: new FakeHost(() => T0),
        },
        {
          policy: policy({ name: 'large', labels: ['linux', 'large'], priority: 1 }),
          source: new FakeCi(),
          provider: new FakeHost(() => T0),
        },
      ],
      store: createMemoryStore({ clock: () => T0 }),
      clock: () => T0,
      owner: 't',
      logger: silentLogger,
    });
    metrics.observeEvent(await engine.handleJobEvent({ action: 'queued', job: linuxJob }));
    const started = await engine.handleJobEvent({
      action: 'in_progress',
      job: { ...linuxJob, state: 'running' },
      runnerName: 'large-12-1',
    });
    // The event is the large pool's (its runner); the wait is the linux pool's.
    expect(started.pool).toBe('large');
    metrics.observeEvent(started);
    const m = await scrape();
    expect(sampleValue(m, 'ci_scaler_job_wait_seconds_sum', { pool: 'linux' })).toBe(20);
    expect(sampleValue(m, 'ci_scaler_job_wait_seconds_count', { pool: 'large' })).toBeUndefined();
  });

  it('the same from reconciles, and the job is timed once though both pools saw it', async () => {
    const running: Job = { ...linuxJob, state: 'running', workerId: 'large-12-1' };
    metrics.observeReconcile('linux', reconcile({ pool: 'linux', jobs: [linuxJob] }));
    metrics.observeReconcile('large', reconcile({ pool: 'large', jobs: [running], now: T0 + 10 * SEC }));
    metrics.observeEvent({
      pool: 'large',
      outcomes: [],
      note: 'started',
      event: { action: 'in_progress', job: running, runnerName: 'large-12-1' },
      at: T0 + 12 * SEC,
    });
    const m = await scrape();
    expect(sampleValue(m, 'ci_scaler_job_wait_seconds_count', { pool: 'linux' })).toBe(1);
    expect(sampleValue(m, 'ci_scaler_job_wait_seconds_sum', { pool: 'linux' })).toBe(30);
    expect(sampleValue(m, 'ci_scaler_job_wait_seconds_count', { pool: 'large' })).toBeUndefined();
  });
});

describe('createServerMetrics', () => {
  it('declares every metric with a pool label, plus process metrics, in a registry of its own', async () => {
    metrics.observeReconcile('p', reconcile());
    metrics.observeWebhook('accepted');
    const m = await scrape();
    const ours = [...m.values()].filter((f) => f.name.startsWith('ci_scaler_'));
    expect(ours.map((f) => `${f.name} ${f.type}`).sort()).toEqual(
      expect.arrayContaining([
        'ci_scaler_jobs gauge',
        'ci_scaler_workers gauge',
        'ci_scaler_desired_workers gauge',
        'ci_scaler_reconcile_total counter',
        'ci_scaler_scale_events_total counter',
        'ci_scaler_cooldown_skips_total counter',
        'ci_scaler_job_wait_seconds histogram',
        'ci_scaler_oldest_queued_job_seconds gauge',
        'ci_scaler_unmatched_jobs gauge',
        'ci_scaler_source_api_calls_total counter',
        'ci_scaler_actions_total counter',
      ]),
    );
    for (const f of ours.filter((x) => x.name !== 'ci_scaler_webhooks_total'))
      for (const s of f.samples) expect(s.labels.pool, `${s.name} has a pool label`).toBe('p');
    expect(sampleValue(m, 'ci_scaler_webhooks_total', { outcome: 'accepted' })).toBe(1);
    expect(m.has('process_cpu_user_seconds_total')).toBe(true);
    expect(metrics.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(await globalRegistry.metrics()).not.toContain('ci_scaler_');
    expect(
      sampleValue(parsePrometheusText(await createServerMetrics().render()), 'ci_scaler_reconcile_total'),
    ).toBe(undefined);
  });

  it('counts errors, locked and dry-run reconciles; a dry run changes no gauge', async () => {
    metrics.observeReconcile('p', { error: 'source down' });
    metrics.observeReconcile('p', reconcile({ result: 'locked' }));
    metrics.observeReconcile('p', reconcile({ result: 'dry-run', decision: decision({ desired: 9 }) }));
    const m = await scrape();
    expect(sampleValue(m, 'ci_scaler_reconcile_total', { pool: 'p', result: 'error' })).toBe(1);
    expect(sampleValue(m, 'ci_scaler_reconcile_total', { pool: 'p', result: 'locked' })).toBe(1);
    expect(sampleValue(m, 'ci_scaler_reconcile_total', { pool: 'p', result: 'dry-run' })).toBe(1);
    expect(sampleValue(m, 'ci_scaler_desired_workers', { pool: 'p' })).toBeUndefined();
  });

  it('shows provider circuits open (1) until their time, closed (0) after, and counts interruptions', async () => {
    const open = new Date(T0 + 60 * SEC).toISOString();
    metrics.observeReconcile(
      'p',
      reconcile({
        circuits: [
          { key: 'c7g.large/eu-west-1a/spot', failures: 3, openUntil: open },
          { key: 'm7g.large/eu-west-1b/spot', failures: 1 },
        ],
      }),
    );
    let m = await scrape();
    expect(
      sampleValue(m, 'ci_scaler_circuit_open', { pool: 'p', circuit: 'c7g.large/eu-west-1a/spot' }),
    ).toBe(1);
    expect(
      sampleValue(m, 'ci_scaler_circuit_open', { pool: 'p', circuit: 'm7g.large/eu-west-1b/spot' }),
    ).toBe(0);
    metrics.observeReconcile(
      'p',
      reconcile({
        now: T0 + 120 * SEC,
        circuits: [{ key: 'c7g.large/eu-west-1a/spot', failures: 3, openUntil: open }],
      }),
    );
    metrics.observeInterruption('p');
    m = await scrape();
    expect(
      sampleValue(m, 'ci_scaler_circuit_open', { pool: 'p', circuit: 'c7g.large/eu-west-1a/spot' }),
    ).toBe(0);
    expect(sampleValue(m, 'ci_scaler_spot_interruptions_total', { pool: 'p' })).toBe(1);
  });

  it('counts cooldown skips from the decision', async () => {
    metrics.observeReconcile('p', reconcile({ decision: decision({ scaleInHeldBy: 'cooldown' }) }));
    metrics.observeReconcile('p', reconcile({ decision: decision({ scaleInHeldBy: 'after' }) }));
    metrics.observeReconcile('p', reconcile({ decision: decision({ scaleInHeldBy: 'cooldown' }) }));
    expect(sampleValue(await scrape(), 'ci_scaler_cooldown_skips_total', { pool: 'p' })).toBe(2);
  });

  it('scale events: a policy scale-in is down, hygiene is not a scale event, a failed launch is none', async () => {
    const terminate = (workerId: string, hygiene: boolean) => ({
      type: 'terminate' as const,
      workerId,
      hygiene,
      reason: 'r',
    });
    metrics.observeReconcile(
      'p',
      reconcile({
        decision: decision({ actions: [terminate('a', true), terminate('b', false)] }),
        outcomes: [
          { type: 'terminate', target: 'a', result: 'ok', detail: 'removed' },
          { type: 'terminate', target: 'b', result: 'ok', detail: 'removed' },
        ],
      }),
    );
    metrics.observeReconcile(
      'p',
      reconcile({
        decision: decision({
          actions: [terminate('a', true), { type: 'launch', count: 1, for: [], reason: 'r' }],
        }),
        outcomes: [
          { type: 'terminate', target: 'a', result: 'ok', detail: 'removed' },
          { type: 'launch', target: 'p-1-1', result: 'failed', detail: 'no capacity' },
        ],
      }),
    );
    const m = await scrape();
    expect(sampleValue(m, 'ci_scaler_scale_events_total', { pool: 'p', direction: 'down' })).toBe(1);
    expect(sampleValue(m, 'ci_scaler_scale_events_total', { pool: 'p', direction: 'up' })).toBeUndefined();
    expect(sampleValue(m, 'ci_scaler_actions_total', { pool: 'p', action: 'terminate', result: 'ok' })).toBe(
      3,
    );
    expect(sampleValue(m, 'ci_scaler_actions_total', { pool: 'p', action: 'launch', result: 'failed' })).toBe(
      1,
    );
  });

  it('unmatched jobs by label set: sorted label sets, queued only, and sets that went away disappear', async () => {
    const q = (id: string, labels: string[], state: Job['state'] = 'queued'): Job => ({ id, state, labels });
    metrics.observeReconcile(
      'p',
      reconcile({
        unmatchedJobs: [
          q('1', ['x64', 'gpu']),
          q('2', ['gpu', 'x64']),
          q('3', ['arm "big"']),
          q('4', ['w'], 'running'),
        ],
      }),
    );
    let m = await scrape();
    expect(sampleValue(m, 'ci_scaler_unmatched_jobs', { pool: 'p', labels: 'gpu,x64' })).toBe(2);
    expect(sampleValue(m, 'ci_scaler_unmatched_jobs', { pool: 'p', labels: 'arm "big"' })).toBe(1);
    expect(sampleValue(m, 'ci_scaler_unmatched_jobs', { pool: 'p', labels: 'w' })).toBeUndefined();
    metrics.observeReconcile('p', reconcile({ unmatchedJobs: [q('3', ['arm "big"'])] }));
    m = await scrape();
    expect(sampleValue(m, 'ci_scaler_unmatched_jobs', { pool: 'p', labels: 'gpu,x64' })).toBeUndefined();
    expect(sampleValue(m, 'ci_scaler_unmatched_jobs', { pool: 'p', labels: 'arm "big"' })).toBe(1);
  });

  it('job wait: not for a job already running when first seen (its run time would count)', async () => {
    const running: Job = { id: '1', state: 'running', labels: [], queuedAt: T0 - 3600 * SEC };
    metrics.observeReconcile('p', reconcile({ jobs: [running] }));
    expect(sampleValue(await scrape(), 'ci_scaler_job_wait_seconds_count', { pool: 'p' })).toBeUndefined();
  });

  it('pools are counted apart', async () => {
    metrics.observeReconcile('a', reconcile({ decision: decision({ desired: 1 }) }));
    metrics.observeReconcile('b', reconcile({ decision: decision({ desired: 4 }) }));
    const m = await scrape();
    expect(sampleValue(m, 'ci_scaler_desired_workers', { pool: 'a' })).toBe(1);
    expect(sampleValue(m, 'ci_scaler_desired_workers', { pool: 'b' })).toBe(4);
  });
});
