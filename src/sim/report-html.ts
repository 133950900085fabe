/**
 * The simulator's self-contained HTML report. This is the only module that loads vega and
 * vega-lite (a few MB): import it with `await import(...)` where a report is asked for, so
 * a plain simulation run, the CLI and the action never pay for them.
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { chartSpecs } from './report-chart-specs.js';
import { reportPage } from './report-page.js';
import type { SimulationReport } from './types.js';

/** The same report renders to the same bytes: no clock, no random ids, a fixed locale. */
export async function renderHtmlReport(report: SimulationReport): Promise<string> {
  const specs = chartSpecs(report);
  const [timeline, waits, cost] = await Promise.all([
    renderSvg(specs.timeline, 'timeline'),
    renderSvg(specs.waits, 'waits'),
    renderSvg(specs.cost, 'cost'),
  ]);
  return reportPage(report, { timeline, waits, cost });
}

async function renderSvg(spec: TopLevelSpec, name: string): Promise<string> {
  const compiled = compile(spec);
  // Without a canvas package vega estimates text widths from font size alone, which is
  // what makes the layout identical on every machine.
  const view = new vega.View(vega.parse(compiled.spec), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    return scopeIds(svg, name);
  } finally {
    view.finalize();
  }
}

const ID = /\bid="([^"]+)"/g;
const REFERENCE = /(\bid="|url\(#|href="#)([^")]+)/g;

/**
 * Renames every id an SVG defines to `<chart>-<n>` by order of appearance. Vega's clip and
 * gradient ids come from counters that live as long as the process, so a second render
 * would differ; and the three charts share one HTML document, where `clip1` in one would
 * resolve to another chart's clip path.
 */
export function scopeIds(svg: string, prefix: string): string {
  const names = new Map<string, string>();
  for (const match of svg.matchAll(ID)) {
    const id = match[1];
    if (id !== undefined && !names.has(id)) names.set(id, `${prefix}-${names.size + 1}`);
  }
  if (names.size === 0) return svg;
  return svg.replace(REFERENCE, (whole, lead: string, id: string) => {
    const renamed = names.get(id);
    return renamed === undefined ? whole : `${lead}${renamed}`;
  });
}
