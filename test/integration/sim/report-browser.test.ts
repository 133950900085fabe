import { mkdir, writeFile } from 'node:fs/promises';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom, type Random } from '../../../src/sim/random.js';
import type { PoolMetrics, SimulationReport, StrategyResult, TimelinePoint } from '../../../src/sim/types.js';
import { CHROMIUM, CHROMIUM_ARGS, chromiumGate } from '../../support/chromium-gate.js';

const gate = chromiumGate();
const DAY = 86_400;
const STRATEGIES = [
  { name: 'ci-scaler', warm: 3, boot: 45, cold: 0.15 },
  { name: 'reactive', warm: 0, boot: 60, cold: 0.95 },
  { name: 'static-pool', warm: 14, boot: 60, cold: 0.02 },
  { name: 'scheduled', warm: 8, boot: 60, cold: 0.3 },
] as const;
const POOLS = ['linux', 'linux-arm64', '<img src=x onerror=alert(1)>gpu'];

/** A working day's demand: quiet at night, two bumps in office hours. */
function demandAt(t: number, rnd: Random): number {
  const h = t / 3600;
  const day = Math.exp(-(((h - 10.5) / 2.2) ** 2)) * 18 + Math.exp(-(((h - 15) / 1.8) ** 2)) * 14;
  return Math.max(0, Math.round(day + 1 + rnd.normal() * 1.5));
}

function timeline(s: (typeof STRATEGIES)[number], rnd: Random): TimelinePoint[] {
  const points: TimelinePoint[] = [];
  let previous = 0;
  for (let t = 0; t <= DAY; t += 60) {
    const demand = demandAt(t, rnd);
    const busy = s.name === 'static-pool' ? Math.min(demand, s.warm) : demand;
    const booting = Math.max(0, demand - previous) * (s.name === 'static-pool' ? 0 : 1);
    const idle = Math.max(0, s.warm - busy) + (s.name === 'reactive' ? 0 : Math.round(busy * 0.15));
    points.push({ t, demand, busy, idle, booting });
    previous = demand;
  }
  return points;
}

function waits(s: (typeof STRATEGIES)[number], rnd: Random): number[] {
  const out = Array.from({ length: 3_000 }, () =>
    rnd.chance(s.cold) ? rnd.lognormal(s.boot, s.boot * 2) : rnd.exponential(2),
  );
  return out.sort((a, b) => a - b);
}

function metrics(w: readonly number[], scale: number, i: number): PoolMetrics {
  const at = (q: number): number => w[Math.min(w.length - 1, Math.floor(q * w.length))] ?? 0;
  const mean = w.reduce((a, b) => a + b, 0) / Math.max(1, w.length);
  return {
    wait: { count: w.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: at(1), mean },
    busySeconds: 400_000 * scale,
    idleSeconds: ([60_000, 4_000, 520_000, 150_000][i] ?? 0) * scale,
    idleUntilJobSeconds: ([45_000, 1_000, 80_000, 90_000][i] ?? 0) * scale,
    bootingSeconds: 30_000 * scale,
    cost: ([61.2, 52.4, 118.9, 80.3][i] ?? 0) * scale,
    launches: Math.round(900 * scale),
    wastedLaunches: Math.round(40 * scale),
    ranElsewhere: Math.round(25 * scale),
    busyKilled: 0,
    neverStarted: i === 1 ? 2 : 0,
    jobs: Math.round(w.length * scale),
    reconciles: Math.round(2_880 * scale),
    apiCalls: Math.round(9_100 * scale),
  };
}

function result(s: (typeof STRATEGIES)[number], i: number, rnd: Random): StrategyResult {
  const w = waits(s, rnd.fork(s.name));
  const pools = Object.fromEntries(POOLS.map((p, k) => [p, metrics(w, [0.6, 0.3, 0.1][k] ?? 0, i)]));
  return {
    strategy: s.name,
    describe: `${s.name}: ${s.warm} warm workers, ${s.boot} s boot`,
    pools,
    overall: metrics(w, 1, i),
    timeline: timeline(s, rnd.fork(`${s.name}/timeline`)),
    waits: w,
  };
}

function dayReport(): SimulationReport {
  const rnd = seededRandom(7);
  return {
    version: 1,
    config: 'examples/sim/ci-scaler.yaml',
    trace: 'traces/weekday.jsonl',
    seed: 7,
    jobs: 3_000,
    unmatched: { jobs: 0, byLabels: [] },
    simulatedSeconds: DAY,
    baselines: {
      coldStart: { wait: { count: 3_000, p50: 60, p95: 118, p99: 160, max: 240, mean: 68 }, cost: 56.1 },
      costFloor: 44.4,
      busySeconds: 400_000,
    },
    results: STRATEGIES.map((s, i) => result(s, i, rnd)),
  };
}

describe.skipIf(gate.skip)(gate.title('simulation report in headless Chromium'), () => {
  let browser: Browser;
  let html: string;

  beforeAll(async () => {
    const { renderHtmlReport } = await import('../../../src/sim/report-html.js');
    html = await renderHtmlReport(dayReport());
    await mkdir('test-results', { recursive: true });
    await writeFile('test-results/simulation-report.html', html);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('draws three charts and the tables, and asks the network for nothing', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.route('**/*', (route) => {
      requests.push(`routed ${route.request().url()}`);
      return route.abort();
    });
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.setContent(html, { waitUntil: 'load' });

    const marks = { timeline: 'g.mark-area path', waits: 'g.mark-line path', cost: 'g.mark-rect path' };
    for (const [chart, selector] of Object.entries(marks)) {
      const svg = page.locator(`figure[data-chart="${chart}"] > svg`);
      const box = await svg.boundingBox();
      expect(box?.width, chart).toBeGreaterThan(600);
      expect(box?.height, chart).toBeGreaterThan(150);
      const drawn = svg.locator(selector);
      expect(await drawn.count(), chart).toBeGreaterThanOrEqual(STRATEGIES.length);
      const first = await drawn.first().boundingBox();
      expect((first?.width ?? 0) * (first?.height ?? 0), chart).toBeGreaterThan(0);
    }
    // Three states stacked per strategy row, and a demand line on each.
    expect(await page.locator('figure[data-chart="timeline"] g.mark-area path').count()).toBe(
      3 * STRATEGIES.length,
    );
    expect(await page.locator('figure[data-chart="timeline"] g.mark-line path').count()).toBe(
      STRATEGIES.length,
    );

    expect(await page.locator('table[data-table="strategies"] tbody tr').count()).toBe(STRATEGIES.length + 2);
    expect(await page.locator('table[data-table="pools"] tbody tr').count()).toBe(POOLS.length);
    expect(await page.locator(`tr[data-pool="${POOLS[2] ?? ''}"] th`).textContent()).toBe(POOLS[2]);
    expect(await page.locator('main img, main script').count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(requests).toEqual([]);

    await page.screenshot({ path: 'test-results/simulation-report.png', fullPage: true });
  });
});
