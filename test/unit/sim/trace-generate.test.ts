import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.js';
import { seededRandom } from '../../../src/sim/random.js';
import { formatTrace, parseTrace } from '../../../src/sim/trace-file.js';
import { fanOutSizes, generateTrace, type GenerateOptions } from '../../../src/sim/trace-generate.js';
import type { Trace, TraceJob } from '../../../src/sim/types.js';

const DAY = 86_400;
const HOUR = 3_600;

const hourOf = (j: TraceJob): number => Math.floor((j.at % DAY) / HOUR);
const weekdayOf = (j: TraceJob): number => Math.floor(j.at / DAY) % 7;
const share = (t: Trace, test: (j: TraceJob) => boolean): number =>
  t.jobs.filter(test).length / t.jobs.length;

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

/** Runs of jobs whose consecutive arrivals are at most `gap` seconds apart. */
function clusters(t: Trace, gap: number): TraceJob[][] {
  const out: TraceJob[][] = [];
  for (const job of t.jobs) {
    const last = out.at(-1);
    const prev = last?.at(-1);
    if (last !== undefined && prev !== undefined && job.at - prev.at <= gap) last.push(job);
    else out.push([job]);
  }
  return out;
}

describe('generateTrace', () => {
  it('is the same for the same options and differs for another seed', () => {
    const options: GenerateOptions = { pattern: 'weekday', jobs: 500, seed: 7, days: 3 };
    expect(formatTrace(generateTrace(options))).toBe(formatTrace(generateTrace({ ...options })));
    expect(formatTrace(generateTrace({ ...options, seed: 8 }))).not.toBe(formatTrace(generateTrace(options)));
    expect(formatTrace(generateTrace({ ...options, pattern: 'burst' }))).not.toBe(
      formatTrace(generateTrace(options)),
    );
  });

  it.each(['weekday', 'burst', 'nightly', 'matrix'] as const)(
    '%s: exactly the jobs asked for, unique ids, sorted, inside the horizon, from a Monday',
    (pattern) => {
      for (const jobs of [1, 7, 31, 1_234]) {
        const trace = generateTrace({ pattern, jobs, seed: 3, days: 2 });
        expect(trace.jobs).toHaveLength(jobs);
        expect(new Set(trace.jobs.map((j) => j.id)).size).toBe(jobs);
        expect(trace.jobs.every((j, i) => i === 0 || j.at >= (trace.jobs[i - 1]?.at ?? 0))).toBe(true);
        expect(trace.jobs.every((j) => j.at >= 0 && j.at < 2 * DAY + 10 * 60)).toBe(true);
        expect(trace.start).toBe('2026-11-02T00:00:00Z');
        expect(new Date(trace.start ?? '').getUTCDay()).toBe(1);
        expect(parseTrace(formatTrace(trace), 'generated')).toEqual(trace);
      }
    },
  );

  it('weekday: most jobs in working hours on Monday to Friday, peaks morning and after lunch', () => {
    const trace = generateTrace({ pattern: 'weekday', jobs: 5_000, seed: 1 });
    const weekday = (j: TraceJob) => weekdayOf(j) < 5;
    expect(share(trace, (j) => weekday(j) && hourOf(j) >= 9 && hourOf(j) < 18)).toBeGreaterThan(0.85);
    expect(share(trace, (j) => !weekday(j))).toBeLessThan(0.03);
    expect(share(trace, (j) => weekday(j) && (hourOf(j) < 7 || hourOf(j) >= 20))).toBeLessThan(0.05);
    const perHour = (h: number) => trace.jobs.filter((j) => weekday(j) && hourOf(j) === h).length;
    expect(perHour(10)).toBeGreaterThan(1.3 * perHour(12));
    expect(perHour(14)).toBeGreaterThan(1.3 * perHour(12));
    expect(perHour(14)).toBeGreaterThan(perHour(17));
  });

  it('burst: most jobs in the first two minutes of an hour, every hour of the day', () => {
    const trace = generateTrace({ pattern: 'burst', jobs: 3_000, seed: 2, days: 2 });
    expect(share(trace, (j) => j.at % HOUR < 120)).toBeGreaterThan(0.6);
    const nightTops = trace.jobs.filter((j) => hourOf(j) === 3 && j.at % HOUR < 120).length;
    expect(nightTops).toBeGreaterThan(40);
    expect(share(trace, (j) => j.at % HOUR >= 120)).toBeGreaterThan(0.15);
  });

  it('nightly: a peak at 02:00 every night, light traffic by day', () => {
    const trace = generateTrace({ pattern: 'nightly', jobs: 3_000, seed: 4, days: 3 });
    const batch = (j: TraceJob) => hourOf(j) === 2 && j.at % HOUR < 5 * 60;
    expect(share(trace, batch)).toBeGreaterThan(0.5);
    for (let night = 0; night < 3; night++)
      expect(trace.jobs.filter((j) => batch(j) && Math.floor(j.at / DAY) === night).length).toBeGreaterThan(
        400,
      );
    expect(share(trace, (j) => hourOf(j) >= 9 && hourOf(j) < 18)).toBeGreaterThan(0.25);
  });

  it('matrix: fan-outs of 6 to 24 legs queued within seconds, with similar durations and one runs-on', () => {
    const trace = generateTrace({ pattern: 'matrix', jobs: 1_500, seed: 3, days: 2 });
    const fanOuts = clusters(trace, 30);
    expect(fanOuts.length).toBeGreaterThan(1_500 / 24);
    for (const legs of fanOuts) {
      expect(legs.length).toBeGreaterThanOrEqual(6);
      expect(legs.length).toBeLessThanOrEqual(24);
      expect((legs.at(-1)?.at ?? 0) - (legs[0]?.at ?? 0)).toBeLessThanOrEqual(5);
      const durations = legs.map((l) => l.duration);
      expect(Math.max(...durations)).toBeLessThanOrEqual(Math.max(6, 1.5 * Math.min(...durations)));
      expect(new Set(legs.map((l) => l.labels.join(','))).size).toBe(1);
      expect(legs.every((l) => l.group === undefined)).toBe(true);
    }
  });

  it.each(['weekday', 'burst', 'nightly', 'matrix'] as const)(
    '%s: about 70%% standard, 20%% large and 10%% arm64 jobs, long-tailed durations',
    (pattern) => {
      const trace = generateTrace({ pattern, jobs: 8_000, seed: 11 });
      const has = (label: string) => share(trace, (j) => j.labels.includes(label));
      expect(share(trace, (j) => j.labels.join(',') === 'self-hosted,linux')).toBeCloseTo(0.7, 1);
      expect(has('large')).toBeCloseTo(0.2, 1);
      expect(has('arm64')).toBeCloseTo(0.1, 1);
      expect(share(trace, (j) => j.labels[0] === 'self-hosted' && j.labels[1] === 'linux')).toBe(1);
      const durations = trace.jobs.map((j) => j.duration);
      expect(durations.every((d) => d > 0)).toBe(true);
      const median = quantile(durations, 0.5);
      expect(median).toBeGreaterThan(180);
      expect(median).toBeLessThan(300);
      expect(quantile(durations, 0.95)).toBeGreaterThan(3.5 * median);
    },
  );

  it('terraform: exactly the runs asked for, plans and applies of workspaces, an apply after its plan', () => {
    for (const jobs of [1, 2, 7, 1_234]) {
      const trace = generateTrace({ pattern: 'terraform', jobs, seed: 3, days: 2 });
      expect(trace.jobs).toHaveLength(jobs);
      expect(new Set(trace.jobs.map((j) => j.id)).size).toBe(jobs);
      expect(trace.jobs.every((j, i) => i === 0 || j.at >= (trace.jobs[i - 1]?.at ?? 0))).toBe(true);
      expect(parseTrace(formatTrace(trace), 'generated')).toEqual(trace);
    }
    const trace = generateTrace({ pattern: 'terraform', jobs: 4_000, seed: 1 });
    // Runs carry no labels: every agent of the pool takes any of them (docs/simulator.md).
    expect(trace.jobs.every((j) => j.labels.length === 0 && /^ws-\d+$/.test(j.group ?? ''))).toBe(true);
    expect(new Set(trace.jobs.map((j) => j.group)).size).toBe(100);
    const applies = trace.jobs.filter((j) => j.kind === 'apply');
    expect(applies.length + trace.jobs.filter((j) => j.kind === 'plan').length).toBe(4_000);
    // 60% of changes are applied: 0.6 / 1.6 of the runs.
    expect(applies.length / 4_000).toBeGreaterThan(0.33);
    expect(applies.length / 4_000).toBeLessThan(0.42);
    for (const apply of applies.slice(0, 200)) {
      const plan = trace.jobs.find(
        (j) => j.kind === 'plan' && j.group === apply.group && j.at + j.duration <= apply.at,
      );
      expect(plan, apply.id).toBeDefined();
    }
    const weekday = (j: TraceJob) => weekdayOf(j) < 5;
    expect(
      share(trace, (j) => j.kind === 'plan' && weekday(j) && hourOf(j) >= 8 && hourOf(j) < 19),
    ).toBeGreaterThan(0.5);
    const planDurations = trace.jobs.filter((j) => j.kind === 'plan').map((j) => j.duration);
    expect(quantile(planDurations, 0.5)).toBeLessThan(
      quantile(
        applies.map((j) => j.duration),
        0.5,
      ),
    );
  });

  it('refuses bad options, every one at once', () => {
    const bad = { pattern: 'hourly', jobs: 0, seed: 1.5, days: 0 } as unknown as GenerateOptions;
    expect(() => generateTrace(bad)).toThrow(InputError);
    try {
      generateTrace(bad);
    } catch (err) {
      expect((err as InputError).problems.map((p) => p.path)).toEqual(['pattern', 'jobs', 'seed', 'days']);
    }
  });
});

describe('fanOutSizes', () => {
  it('splits any job count into fan-outs of 6 to 24 that sum to it', () => {
    const random = seededRandom(5);
    for (let jobs = 6; jobs <= 400; jobs++) {
      const sizes = fanOutSizes(jobs, random);
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(jobs);
      expect(sizes.every((s) => s >= 6 && s <= 24)).toBe(true);
    }
  });
});
