/** The simulation report as a terminal table: one row per strategy, the references, then pools. */
import {
  formatHours,
  formatNumber,
  formatPercent,
  formatSpan,
  labelSets,
  waitTexts,
} from './report-format.js';
import type { PoolMetrics, SimulationReport } from './types.js';

const HEAD = [
  '',
  'p50 s',
  'p95 s',
  'p99 s',
  'max s',
  'busy h',
  'idle h',
  'idle/busy',
  'idle to job h',
  'boot h',
  'cost',
  'launches',
  'wasted',
  'ran elsewhere',
  'busy killed',
  'never started',
  'reconciles',
  'API calls',
];

function row(name: string, m: PoolMetrics): string[] {
  return [
    name,
    ...waitTexts(m.wait),
    formatHours(m.busySeconds),
    formatHours(m.idleSeconds),
    formatPercent(m.idleSeconds, m.busySeconds),
    formatHours(m.idleUntilJobSeconds),
    formatHours(m.bootingSeconds),
    formatNumber(m.cost, 2),
    formatNumber(m.launches),
    formatNumber(m.wastedLaunches),
    formatNumber(m.ranElsewhere),
    formatNumber(m.busyKilled),
    formatNumber(m.neverStarted),
    formatNumber(m.reconciles),
    formatNumber(m.apiCalls),
  ];
}

function render(rows: readonly (readonly string[])[]): string {
  const widths = HEAD.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows
    .map((r) =>
      r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  '),
    )
    .join('\n');
}

export function formatReport(report: SimulationReport): string {
  const { coldStart, costFloor, busySeconds } = report.baselines;
  const dash = '–';
  const rows: string[][] = [
    HEAD,
    ...report.results.map((r) => row(r.strategy, r.overall)),
    [
      'cold-start baseline',
      ...waitTexts(coldStart.wait),
      formatHours(busySeconds),
      '0.0',
      formatPercent(0, busySeconds),
      '0.0',
      dash,
      formatNumber(coldStart.cost, 2),
      ...Array<string>(7).fill(dash),
    ],
    [
      'cost floor',
      dash,
      dash,
      dash,
      dash,
      formatHours(busySeconds),
      '0.0',
      dash,
      dash,
      dash,
      formatNumber(costFloor, 2),
      ...Array<string>(7).fill(dash),
    ],
  ];
  const first = report.results[0];
  const pools =
    first === undefined ? [] : Object.entries(first.pools).map(([name, m]) => row(`  ${name}`, m));
  const title = `${report.trace}: ${formatNumber(report.jobs)} jobs over ${formatSpan(report.simulatedSeconds)}, seed ${report.seed} (waits in seconds, worker time in hours)`;
  const perPool =
    pools.length > 0 ? `\n\n${first?.strategy ?? ''} per pool:\n${render([HEAD, ...pools])}` : '';
  return `${title}\n${unmatchedNote(report)}\n${render(rows)}${perPool}\n${first === undefined ? '' : ranElsewhereNote(first)}`;
}

/** The trace's jobs no pool can run were left out: said under the title, with their labels. */
function unmatchedNote(report: SimulationReport): string {
  const { unmatched } = report;
  if (unmatched.jobs === 0) return '';
  return (
    `left out ${formatNumber(unmatched.jobs)} job(s) whose labels match no pool ` +
    `(a pool runs a job when its labels include all the job's): ${labelSets(unmatched)}\n`
  );
}

/** Why ci-scaler's idle time is what it is, when jobs ran on other pools' runners (README). */
function ranElsewhereNote(result: SimulationReport['results'][number]): string {
  const by = Object.entries(result.pools).filter(([, m]) => m.ranElsewhere > 0);
  if (by.length === 0) return '';
  const jobs = by.map(([pool, m]) => `${formatNumber(m.ranElsewhere)} ${pool}`).join(', ');
  return (
    `\n${result.strategy}: ${jobs} job(s) ran on another pool's runner, whose labels include theirs; ` +
    `the worker launched for each then waited for another job of its pool (idle to job h: that job waited no boot), ` +
    `or went unused (the rest of idle h, wasted). ` +
    `\`ci-scaler validate\` names the pools whose labels overlap.\n`
  );
}
