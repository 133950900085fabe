/**
 * The report's three charts as Vega-Lite specs with their data inline. Pure: rendering to
 * SVG happens in report-html.ts, the only module that loads vega.
 */
import type { TopLevelSpec } from 'vega-lite';
import { bucketTimeline, cdfPoints } from './report-downsample.js';
import type { SimulationReport, StrategyResult } from './types.js';

/** Enough points for a smooth curve at the page's width, few enough to keep the SVG small. */
const CDF_POINTS = 200;
const TIMELINE_POINTS = 360;
const WIDTH = 1000;

/** Busy is the useful work, idle the waste, booting the price of a launch. */
const SERIES = ['busy', 'idle', 'booting', 'demand'] as const;
const SERIES_COLORS = ['#4c78a8', '#f58518', '#bab0ac', '#222222'];

/** Every chart draws text with the same small sans-serif and no outer frame. */
const CONFIG = {
  font: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  view: { stroke: null },
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', gridColor: '#eee' },
  legend: { labelFontSize: 12, orient: 'top', title: null, labelLimit: 400 },
  mark: { aria: false },
} as const;

/** One layer of a layered chart, as the public spec type defines it. */
type Layer = Extract<TopLevelSpec, { layer: unknown }>['layer'][number];

export interface ChartSpecs {
  readonly timeline: TopLevelSpec;
  readonly waits: TopLevelSpec;
  readonly cost: TopLevelSpec;
}

export function chartSpecs(report: SimulationReport): ChartSpecs {
  return {
    timeline: timelineSpec(report.results),
    waits: waitsSpec(report),
    cost: costSpec(report),
  };
}

function names(results: readonly StrategyResult[]): string[] {
  return results.map((r) => r.strategy);
}

/** Long form, one row per series and sample: the shape Vega-Lite stacks and colours by. */
function timelineValues(results: readonly StrategyResult[]): object[] {
  return results.flatMap((r) =>
    bucketTimeline(r.timeline, TIMELINE_POINTS).flatMap((p) =>
      SERIES.map((series, rank) => ({
        strategy: r.strategy,
        hours: p.t / 3600,
        series,
        rank,
        value: p[series],
      })),
    ),
  );
}

/** One row per strategy, ci-scaler on top, all sharing both axes so rows compare at a glance. */
function timelineSpec(results: readonly StrategyResult[]): TopLevelSpec {
  const x = {
    field: 'hours',
    type: 'quantitative',
    title: 'hours from start',
    scale: { nice: false },
  } as const;
  const y = { field: 'value', type: 'quantitative', title: 'workers / jobs' } as const;
  const color = {
    field: 'series',
    type: 'nominal',
    scale: { domain: [...SERIES], range: SERIES_COLORS },
    legend: { symbolType: 'square' },
  } as const;
  return {
    config: CONFIG,
    data: { values: timelineValues(results) },
    facet: {
      row: {
        field: 'strategy',
        type: 'nominal',
        sort: names(results),
        header: { title: null, labelAngle: 0, labelOrient: 'top', labelAnchor: 'start', labelFontSize: 13 },
      },
    },
    spacing: 18,
    spec: {
      width: WIDTH,
      height: results.length > 2 ? 120 : 180,
      layer: [
        {
          transform: [{ filter: { not: { field: 'series', equal: 'demand' } } }],
          mark: { type: 'area', interpolate: 'step-after' },
          encoding: { x, y: { ...y, stack: 'zero' }, color, order: { field: 'rank', type: 'quantitative' } },
        },
        {
          transform: [{ filter: { field: 'series', equal: 'demand' } }],
          mark: { type: 'line', interpolate: 'step-after', strokeWidth: 1.25 },
          encoding: { x, y, color },
        },
      ],
    },
  };
}

/**
 * The x axis ends a little past the largest p99 (or the cold-start rule): a single long
 * wait would otherwise squeeze every curve against the y axis. Maxima are in the tables.
 */
function waitsDomainEnd(report: SimulationReport): number {
  const ends = report.results.map((r) => r.overall.wait.p99);
  return Math.max(1, report.baselines.coldStart.wait.p95, ...ends) * 1.15;
}

/**
 * Ticks at 1-2-5 steps up to `end`: on a symlog axis the default ticks bunch at the far end,
 * and a week with one stuck strategy leaves the range where waits differ (a minute or two)
 * without a label.
 */
export function waitTicks(end: number): number[] {
  const ticks = [0];
  for (let decade = 10; decade <= end; decade *= 10)
    for (const step of [1, 2, 5]) if (step * decade <= end) ticks.push(step * decade);
  return ticks;
}

function waitsSpec(report: SimulationReport): TopLevelSpec {
  const values = report.results.flatMap((r) =>
    cdfPoints(r.waits, CDF_POINTS).map((p) => ({ strategy: r.strategy, ...p })),
  );
  const boot = report.baselines.coldStart.wait.p95;
  const end = waitsDomainEnd(report);
  return {
    config: CONFIG,
    width: WIDTH,
    height: 300,
    layer: [
      {
        data: { values },
        // Straight segments between the thinned quantiles: steps would draw 200 false stairs.
        mark: { type: 'line', clip: true, strokeWidth: 2 },
        encoding: {
          x: {
            field: 'wait',
            type: 'quantitative',
            title: 'wait (seconds, symmetric log scale), cut past the largest p99',
            // Log-like: waits of a minute and waits of hours share one chart; symlog takes 0.
            scale: { type: 'symlog', constant: 10, domain: [0, end], nice: false },
            axis: { values: waitTicks(end) },
          },
          y: { field: 'share', type: 'quantitative', title: 'share of jobs', axis: { format: '%' } },
          color: { field: 'strategy', type: 'nominal', scale: { domain: names(report.results) } },
        },
      },
      markerLayer('wait', boot, `cold start p95 (one boot): ${formatSeconds(boot)}`, 'bottom'),
    ],
  };
}

function costSpec(report: SimulationReport): TopLevelSpec {
  const values = report.results.map((r) => ({ strategy: r.strategy, cost: r.overall.cost }));
  const floor = report.baselines.costFloor;
  const y = { field: 'strategy', type: 'nominal', sort: names(report.results), title: null } as const;
  const x = { field: 'cost', type: 'quantitative', title: 'cost' } as const;
  return {
    config: CONFIG,
    width: WIDTH,
    height: { step: 30 },
    layer: [
      {
        data: { values },
        layer: [
          {
            mark: { type: 'bar', height: { band: 0.7 } },
            encoding: {
              x,
              y,
              color: {
                field: 'strategy',
                type: 'nominal',
                scale: { domain: names(report.results) },
                legend: null,
              },
            },
          },
          {
            mark: { type: 'text', align: 'left', dx: 4, fontSize: 11, color: '#333' },
            encoding: { x, y, text: { field: 'cost', type: 'quantitative', format: ',.2f' } },
          },
        ],
      },
      markerLayer('cost', floor, `cost floor: ${floor.toFixed(2)}`, 'top'),
    ],
  };
}

/**
 * A dashed reference rule with its label: at the plot's foot for the wait CDF, where the
 * curves have mostly left, and above the plot for the cost bars, where it crosses no bar.
 */
function markerLayer(field: string, value: number, label: string, place: 'top' | 'bottom'): Layer {
  const x = { field, type: 'quantitative' } as const;
  const top = place === 'top';
  return {
    data: { values: [{ [field]: value, label }] },
    layer: [
      { mark: { type: 'rule', strokeDash: [4, 4], color: '#666' }, encoding: { x } },
      {
        mark: {
          type: 'text',
          align: 'left',
          baseline: 'bottom',
          dx: 4,
          dy: top ? -3 : -4,
          color: '#444',
          fontSize: 11,
        },
        encoding: { x, y: top ? { value: 0 } : { value: { expr: 'height' } }, text: { field: 'label' } },
      },
    ],
  };
}

function formatSeconds(s: number): string {
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}
