import { describe, expect, it } from 'vitest';
import { bucketTimeline, cdfPoints } from '../../../src/sim/report-downsample.js';
import type { TimelinePoint } from '../../../src/sim/types.js';

describe('cdfPoints', () => {
  it('keeps every wait of a short list with its share of jobs', () => {
    expect(cdfPoints([0, 5, 5, 30], 200)).toEqual([
      { wait: 0, share: 0.25 },
      { wait: 5, share: 0.5 },
      { wait: 5, share: 0.75 },
      { wait: 30, share: 1 },
    ]);
  });

  it('thins a long list to the limit, keeping the shortest and longest wait, shares rising', () => {
    const waits = Array.from({ length: 10_001 }, (_, i) => i / 10);
    const points = cdfPoints(waits, 200);
    expect(points).toHaveLength(200);
    expect(points[0]).toEqual({ wait: 0, share: 1 / 10_001 });
    expect(points.at(-1)).toEqual({ wait: 1000, share: 1 });
    for (let i = 1; i < points.length; i++) {
      expect(points[i]?.share).toBeGreaterThan(points[i - 1]?.share ?? 1);
    }
  });

  it('gives nothing for no jobs and one point for one job', () => {
    expect(cdfPoints([], 200)).toEqual([]);
    expect(cdfPoints([12], 200)).toEqual([{ wait: 12, share: 1 }]);
  });
});

describe('bucketTimeline', () => {
  const point = (t: number, v: number): TimelinePoint => ({ t, demand: v, busy: v, idle: 2 * v, booting: 1 });

  it('leaves a short timeline alone', () => {
    const points = [point(0, 1), point(10, 2)];
    expect(bucketTimeline(points, 5)).toEqual(points);
  });

  it('averages equal-count buckets, so worker-seconds are kept', () => {
    const points = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => point(i * 10, i));
    expect(bucketTimeline(points, 2)).toEqual([
      { t: 0, demand: 1.5, busy: 1.5, idle: 3, booting: 1 },
      { t: 40, demand: 5.5, busy: 5.5, idle: 11, booting: 1 },
    ]);
    expect(bucketTimeline(points, 3).map((p) => p.t)).toEqual([0, 30, 60]);
  });
});
