/**
 * The report's HTML around its charts: header, strategy notes, tables and inline CSS. The
 * page loads nothing: its content security policy forbids every fetch and every script, so
 * it reads the same from a CI artifact, a mail attachment or a machine without network.
 */
import { escapeHtml } from '../runtimes/server/html.js';
import { formatNumber, formatSpan, labelSets } from './report-format.js';
import { poolsTable, strategiesTable } from './report-tables.js';
import type { SimulationReport } from './types.js';

export interface ChartSvgs {
  readonly timeline: string;
  readonly waits: string;
  readonly cost: string;
}

const CSP = "default-src 'none'; style-src 'unsafe-inline'";

const CSS = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222; margin: 0; background: #fafafa; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 28px 48px; background: #fff; }
h1 { font-size: 22px; margin: 0 0 12px; }
h2 { font-size: 17px; margin: 32px 0 4px; }
p.note { margin: 0 0 10px; color: #555; }
dl.run { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0; }
dl.run dt { color: #666; }
dl.run dd { margin: 0; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
ul.strategies { margin: 8px 0 0; padding-left: 20px; }
figure { margin: 8px 0 0; }
figure svg { display: block; max-width: 100%; height: auto; }
.table-wrap { overflow-x: auto; }
table.metrics { border-collapse: collapse; font-size: 12.5px; font-variant-numeric: tabular-nums; margin-top: 8px; }
table.metrics th, table.metrics td { padding: 4px 7px; border-bottom: 1px solid #e5e5e5; }
table.metrics thead th { text-align: right; vertical-align: bottom; font-weight: 600; color: #444; }
table.metrics thead th:first-child { text-align: left; }
table.metrics thead th.group { text-align: center; border-bottom: 0; background: linear-gradient(#bbb, #bbb) bottom / calc(100% - 14px) 1px no-repeat; }
table.metrics tbody th { text-align: left; font-weight: 600; white-space: nowrap; }
table.metrics td { text-align: right; white-space: nowrap; }
table.metrics tr.baseline th, table.metrics tr.baseline td { color: #666; font-weight: normal; font-style: italic; }
td.alarm { color: #b00020; font-weight: 700; }
`;

function header(report: SimulationReport): string {
  const facts: [string, string][] = [
    ['config', report.config],
    ['trace', report.trace],
    ['seed', String(report.seed)],
    ['jobs', formatNumber(report.jobs)],
    ['simulated time', `${formatSpan(report.simulatedSeconds)} (${formatNumber(report.simulatedSeconds)} s)`],
  ];
  if (report.unmatched.jobs > 0)
    facts.push([
      'left out',
      `${formatNumber(report.unmatched.jobs)} jobs whose labels match no pool: ${labelSets(report.unmatched)}`,
    ]);
  const items = facts.map(([k, v]) => `<dt>${k}</dt><dd data-fact="${k}">${escapeHtml(v)}</dd>`).join('');
  const notes = report.results
    .map((r) => `<li><strong>${escapeHtml(r.strategy)}</strong>: ${escapeHtml(r.describe)}</li>`)
    .join('');
  return `<header><h1>ci-scaler simulation</h1><dl class="run">${items}</dl><ul class="strategies">${notes}</ul></header>`;
}

function chart(id: string, title: string, note: string, svg: string): string {
  return `<section id="${id}"><h2>${title}</h2><p class="note">${note}</p><figure class="chart" data-chart="${id}">${svg}</figure></section>`;
}

function charts(svgs: ChartSvgs): string {
  return [
    chart(
      'timeline',
      'Demand and workers over time',
      'Jobs queued or running (line) against workers busy, idle and booting (stacked), per strategy.',
      svgs.timeline,
    ),
    chart(
      'waits',
      'Job wait, queued to started',
      'Share of jobs that waited at most x seconds. The dashed rule is a cold start: every job waits one boot.',
      svgs.waits,
    ),
    chart(
      'cost',
      'Cost',
      'Every worker second at its pool&#39;s price, booting and idle included. The dashed rule is the floor: job time alone.',
      svgs.cost,
    ),
  ].join('');
}

function tables(report: SimulationReport): string {
  const [first] = report.results;
  const pools =
    first === undefined
      ? ''
      : `<section id="pools"><h2>Per pool: ${escapeHtml(first.strategy)}</h2><div class="table-wrap">${poolsTable(first)}</div></section>`;
  return (
    `<section id="strategies"><h2>Per strategy</h2>` +
    `<p class="note">Busy killed must be 0; never started counts jobs still queued at the end.</p>` +
    `<div class="table-wrap">${strategiesTable(report.results, report.baselines)}</div></section>${pools}`
  );
}

export function reportPage(report: SimulationReport, svgs: ChartSvgs): string {
  const title = `ci-scaler simulation: ${report.trace}`;
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title><style>${CSS}</style></head>`,
    `<body><main>${header(report)}${charts(svgs)}${tables(report)}</main></body></html>`,
    '',
  ].join('\n');
}
