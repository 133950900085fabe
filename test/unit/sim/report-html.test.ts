import { describe, expect, it } from 'vitest';
import { waitTicks } from '../../../src/sim/report-chart-specs.js';
import { renderHtmlReport, scopeIds } from '../../../src/sim/report-html.js';
import type { Distribution, PoolMetrics, SimulationReport, StrategyResult } from '../../../src/sim/types.js';

const HOSTILE_POOL = '<script>alert(1)</script>gpu';

function dist(p50: number, p95: number, p99: number, max: number, count = 8): Distribution {
  return { count, p50, p95, p99, max, mean: p50 };
}

function metrics(over: Partial<PoolMetrics>): PoolMetrics {
  return {
    wait: dist(1, 2, 3, 4),
    busySeconds: 3600,
    idleSeconds: 0,
    idleUntilJobSeconds: 0,
    bootingSeconds: 0,
    cost: 1,
    launches: 1,
    wastedLaunches: 0,
    ranElsewhere: 0,
    busyKilled: 0,
    neverStarted: 0,
    jobs: 4,
    reconciles: 10,
    apiCalls: 20,
    ...over,
  };
}

function strategy(name: string, overall: PoolMetrics, waits: number[]): StrategyResult {
  return {
    strategy: name,
    describe: `${name} & friends`,
    pools: {
      linux: metrics({ jobs: 5, cost: 7.5, wait: dist(3, 40, 50, 61) }),
      [HOSTILE_POOL]: metrics({ jobs: 3, cost: 4.84, launches: 9 }),
    },
    overall,
    timeline: [0, 600, 1200, 1800, 2400, 3000, 3600].map((t, i) => ({
      t,
      demand: [0, 3, 5, 4, 2, 1, 0][i] ?? 0,
      busy: [0, 2, 5, 4, 2, 1, 0][i] ?? 0,
      idle: [1, 1, 0, 1, 2, 2, 1][i] ?? 0,
      booting: [0, 1, 1, 0, 0, 0, 0][i] ?? 0,
    })),
    waits,
  };
}

function sample(): SimulationReport {
  const ci = metrics({
    wait: dist(2.5, 42, 55, 61),
    busySeconds: 36_000,
    idleSeconds: 9_000,
    idleUntilJobSeconds: 5_400,
    bootingSeconds: 1_800,
    cost: 12.34,
    launches: 17,
    wastedLaunches: 2,
    reconciles: 120,
    apiCalls: 1_234,
    jobs: 8,
  });
  const reactive = metrics({ wait: dist(60, 75, 80, 90), cost: 9.87, busyKilled: 1, neverStarted: 3 });
  return {
    version: 1,
    config: 'examples/sim/<b>config</b>.yaml',
    trace: 'traces/day & night.jsonl',
    seed: 42,
    jobs: 8,
    unmatched: { jobs: 0, byLabels: [] },
    simulatedSeconds: 90_000,
    baselines: {
      coldStart: { wait: dist(60, 70, 75, 80), cost: 10.5 },
      costFloor: 8.25,
      busySeconds: 36_000,
    },
    results: [
      strategy('ci-scaler', ci, [0, 0, 1, 2.5, 3, 20, 42, 61]),
      strategy('reactive', reactive, [55, 58, 60, 61, 62, 70, 75, 90]),
    ],
  };
}

/** The text of one cell, found by its row's attribute and its column. */
function cell(html: string, rowAttr: string, col: string): string | undefined {
  const row = new RegExp(`<tr [^>]*${rowAttr}[^>]*>(.*?)</tr>`).exec(html)?.[1] ?? '';
  return new RegExp(`<td data-col="${col}"[^>]*>([^<]*)</td>`).exec(row)?.[1];
}

describe('renderHtmlReport', () => {
  it('draws the three charts as inline SVG', async () => {
    const html = await renderHtmlReport(sample());
    for (const chart of ['timeline', 'waits', 'cost']) {
      expect(html).toMatch(new RegExp(`<figure class="chart" data-chart="${chart}"><svg [^>]*class="marks"`));
    }
    expect(html.match(/<svg /g)).toHaveLength(3);
    // Every strategy and every series reaches its chart's legend or facet header.
    expect(html).toMatch(/>ci-scaler<\/text>/);
    expect(html).toMatch(/>reactive<\/text>/);
    for (const series of ['busy', 'idle', 'booting', 'demand']) expect(html).toContain(`>${series}</text>`);
    expect(html).toContain('cold start p95 (one boot): 70 s');
    expect(html).toContain('cost floor: 8.25');
  });

  it('labels the wait axis at 1-2-5 steps, so the first minutes keep their ticks on a long axis', async () => {
    expect(waitTicks(92)).toEqual([0, 10, 20, 50]);
    expect(waitTicks(80_000)).toEqual([
      0, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000,
    ]);
    // One strategy stuck for hours: its p99 of 40,000 s sets the axis end at 46,000 s.
    const base = sample();
    const stuck = strategy('stuck', metrics({ wait: dist(900, 30_000, 40_000, 50_000) }), [60, 900, 40_000]);
    const html = await renderHtmlReport({ ...base, results: [...base.results, stuck] });
    const waits = /<figure class="chart" data-chart="waits">(.*?)<\/figure>/s.exec(html)?.[1] ?? '';
    const labels = [...waits.matchAll(/<text[^>]*>(\d[\d,]*)<\/text>/g)].map((m) => m[1]);
    expect(labels).toEqual([
      '0',
      '10',
      '20',
      '50',
      '100',
      '200',
      '500',
      '1,000',
      '2,000',
      '5,000',
      '10,000',
      '20,000',
    ]);
  });

  it('shows the run, every strategy, the baselines and ci-scaler per pool in the tables', async () => {
    const html = await renderHtmlReport(sample());
    expect(html).toContain('<dd data-fact="seed">42</dd>');
    expect(html).toContain('<dd data-fact="simulated time">1 d 1 h 0 min (90,000 s)</dd>');
    const ci = 'data-strategy="ci-scaler"';
    expect(cell(html, ci, 'p50')).toBe('2.5');
    expect(cell(html, ci, 'p95')).toBe('42');
    expect(cell(html, ci, 'max')).toBe('61');
    expect(cell(html, ci, 'busy')).toBe('10.0');
    expect(cell(html, ci, 'idle')).toBe('2.5');
    expect(cell(html, ci, 'idle-share')).toBe('25.0 %');
    expect(cell(html, ci, 'idle-to-job')).toBe('1.5');
    expect(cell(html, ci, 'booting')).toBe('0.5');
    expect(cell(html, ci, 'cost')).toBe('12.34');
    expect(cell(html, ci, 'wasted')).toBe('2');
    expect(cell(html, ci, 'api-calls')).toBe('1,234');
    const reactive = 'data-strategy="reactive"';
    expect(cell(html, reactive, 'p50')).toBe('60');
    expect(cell(html, reactive, 'cost')).toBe('9.87');
    expect(html).toMatch(
      /<tr data-strategy="reactive">.*<td data-col="busy-killed" data-value="1" class="alarm">1<\/td>/,
    );
    expect(cell(html, 'data-baseline="cold-start"', 'p95')).toBe('70');
    expect(cell(html, 'data-baseline="cold-start"', 'cost')).toBe('10.50');
    expect(cell(html, 'data-baseline="cost-floor"', 'cost')).toBe('8.25');
    expect(cell(html, 'data-baseline="cost-floor"', 'launches')).toBe('–');
    expect(cell(html, 'data-pool="linux"', 'cost')).toBe('7.50');
    expect(cell(html, 'data-pool="linux"', 'p95')).toBe('40');
    expect(html).toContain('<h2>Per pool: ci-scaler</h2>');
  });

  it('says which jobs were left out, and shows – for the waits of a pool with no job', async () => {
    const base = sample();
    const [first, ...rest] = base.results;
    if (first === undefined) throw new Error('sample has no results');
    const idlePool = metrics({ jobs: 0, wait: dist(0, 0, 0, 0, 0) });
    const html = await renderHtmlReport({
      ...base,
      unmatched: { jobs: 3, byLabels: [{ labels: ['ubuntu-latest'], jobs: 3 }] },
      results: [{ ...first, pools: { ...first.pools, arm64: idlePool } }, ...rest],
    });
    expect(html).toContain(
      '<dd data-fact="left out">3 jobs whose labels match no pool: [ubuntu-latest] x3</dd>',
    );
    for (const col of ['p50', 'p95', 'p99', 'max']) expect(cell(html, 'data-pool="arm64"', col)).toBe('–');
    expect(cell(html, 'data-pool="linux"', 'p95')).toBe('40');
    expect(await renderHtmlReport(sample())).not.toContain('data-fact="left out"');
  });

  it('escapes every string from the report', async () => {
    const html = await renderHtmlReport(sample());
    expect(html).not.toContain(HOSTILE_POOL);
    expect(html).toContain('data-pool="&lt;script&gt;alert(1)&lt;/script&gt;gpu"');
    expect(cell(html, 'data-pool="&lt;script', 'launches')).toBe('9');
    expect(html).toContain('<dd data-fact="config">examples/sim/&lt;b&gt;config&lt;/b&gt;.yaml</dd>');
    expect(html).toContain('<dd data-fact="trace">traces/day &amp; night.jsonl</dd>');
    expect(html).toContain('ci-scaler &amp; friends');
    expect(html).not.toContain('<b>');
  });

  it('references nothing outside the page and runs no script', async () => {
    const html = await renderHtmlReport(sample());
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\b(src|href)\s*=\s*["']?\s*(https?:)?\/\//i);
    expect(html).not.toMatch(/<(link|img|iframe|object|embed|image|use)\b/i);
    expect(html).not.toMatch(/@import|url\(\s*['"]?(https?:)?\/\//i);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
  });

  it('renders the same bytes twice, with ids unique across the page', async () => {
    const first = await renderHtmlReport(sample());
    const second = await renderHtmlReport(sample());
    expect(second).toBe(first);
    // The CDF clips its lines, so vega's process-wide clip counter was in play.
    expect(first).toContain('clip-path="url(#waits-1)"');
    const ids = [...first.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('scopeIds', () => {
  it('renames ids by first appearance and every reference to them, and nothing else', () => {
    const svg =
      '<svg><defs><clipPath id="clip7"><rect/></clipPath><linearGradient id="gradient_3"/></defs>' +
      '<g clip-path="url(#clip7)"><path fill="url(#gradient_3)"/><use href="#clip7"/><text>url(#other)</text></g></svg>';
    expect(scopeIds(svg, 'c')).toBe(
      '<svg><defs><clipPath id="c-1"><rect/></clipPath><linearGradient id="c-2"/></defs>' +
        '<g clip-path="url(#c-1)"><path fill="url(#c-2)"/><use href="#c-1"/><text>url(#other)</text></g></svg>',
    );
  });
});
