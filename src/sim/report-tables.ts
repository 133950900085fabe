/**
 * The report's tables: every strategy overall beside the baselines, and ci-scaler per pool.
 * Each cell carries its raw value in `data-value`, so a reader (or a test) can check the
 * rounded text against the number behind it.
 */
import { escapeHtml } from '../runtimes/server/html.js';
import { formatHours, formatNumber, formatPercent, WAIT_KEYS, formatWait } from './report-format.js';
import type { Baselines, Distribution, PoolMetrics, StrategyResult } from './types.js';

interface Cell {
  readonly key: string;
  readonly text: string;
  readonly value?: number;
  /** Marks a count that must be 0 (busy killed) or should be (never started). */
  readonly alarm?: boolean;
}

/** Columns in order, each with its short title and, when it has one, its group. */
const HEADERS: readonly (readonly [key: string, title: string, group?: string])[] = [
  ['jobs', 'jobs'],
  ['p50', 'p50', 'wait (s)'],
  ['p95', 'p95', 'wait (s)'],
  ['p99', 'p99', 'wait (s)'],
  ['max', 'max', 'wait (s)'],
  ['busy', 'busy', 'worker hours'],
  ['idle', 'idle', 'worker hours'],
  ['idle-share', 'idle / busy', 'worker hours'],
  ['idle-to-job', 'idle until a job', 'worker hours'],
  ['booting', 'booting', 'worker hours'],
  ['cost', 'cost'],
  ['launches', 'launches'],
  ['wasted', 'wasted launches'],
  ['ran-elsewhere', "ran on another pool's worker"],
  ['busy-killed', 'busy killed'],
  ['never-started', 'never started'],
  ['reconciles', 'reconciles'],
  ['api-calls', 'API calls'],
];

const EMPTY = (key: string): Cell => ({ key, text: '–' });

function waitCells(wait: Distribution): Cell[] {
  return WAIT_KEYS.map((k) =>
    wait.count === 0 ? EMPTY(k) : { key: k, text: formatWait(wait[k]), value: wait[k] },
  );
}

function count(key: string, value: number, alarm = false): Cell {
  return { key, text: formatNumber(value), value, alarm: alarm && value > 0 };
}

function metricCells(m: PoolMetrics): Cell[] {
  return [
    count('jobs', m.jobs),
    ...waitCells(m.wait),
    { key: 'busy', text: formatHours(m.busySeconds), value: m.busySeconds },
    { key: 'idle', text: formatHours(m.idleSeconds), value: m.idleSeconds },
    { key: 'idle-share', text: formatPercent(m.idleSeconds, m.busySeconds) },
    { key: 'idle-to-job', text: formatHours(m.idleUntilJobSeconds), value: m.idleUntilJobSeconds },
    { key: 'booting', text: formatHours(m.bootingSeconds), value: m.bootingSeconds },
    { key: 'cost', text: formatNumber(m.cost, 2), value: m.cost },
    count('launches', m.launches),
    count('wasted', m.wastedLaunches),
    count('ran-elsewhere', m.ranElsewhere),
    count('busy-killed', m.busyKilled, true),
    count('never-started', m.neverStarted, true),
    count('reconciles', m.reconciles),
    count('api-calls', m.apiCalls),
  ];
}

/** Baselines fill only the cells they define; the rest read as "not applicable". */
function coldStartCells(b: Baselines): Cell[] {
  const known = new Map<string, Cell>([
    ...waitCells(b.coldStart.wait).map((c) => [c.key, c] as const),
    ['busy', { key: 'busy', text: formatHours(b.busySeconds), value: b.busySeconds }],
    ['idle', { key: 'idle', text: formatHours(0), value: 0 }],
    ['idle-to-job', { key: 'idle-to-job', text: formatHours(0), value: 0 }],
    ['cost', { key: 'cost', text: formatNumber(b.coldStart.cost, 2), value: b.coldStart.cost }],
  ]);
  return HEADERS.map(([key]) => known.get(key) ?? EMPTY(key));
}

function costFloorCells(b: Baselines): Cell[] {
  const known = new Map<string, Cell>([
    ['busy', { key: 'busy', text: formatHours(b.busySeconds), value: b.busySeconds }],
    ['cost', { key: 'cost', text: formatNumber(b.costFloor, 2), value: b.costFloor }],
  ]);
  return HEADERS.map(([key]) => known.get(key) ?? EMPTY(key));
}

function cell(c: Cell): string {
  const value = c.value === undefined ? '' : ` data-value="${escapeHtml(c.value)}"`;
  const alarm = c.alarm === true ? ' class="alarm"' : '';
  return `<td data-col="${c.key}"${value}${alarm}>${escapeHtml(c.text)}</td>`;
}

function row(label: string, cells: readonly Cell[], attrs: string): string {
  return `<tr ${attrs}><th scope="row">${escapeHtml(label)}</th>${cells.map(cell).join('')}</tr>`;
}

/** Two header rows: grouped columns share a title above their own; the rest span both. */
function head(first: string): string {
  const top: string[] = [`<th scope="col" rowspan="2">${escapeHtml(first)}</th>`];
  const bottom: string[] = [];
  HEADERS.forEach(([, title, group], i) => {
    if (group === undefined) {
      top.push(`<th scope="col" rowspan="2">${escapeHtml(title)}</th>`);
      return;
    }
    bottom.push(`<th scope="col">${escapeHtml(title)}</th>`);
    if (HEADERS[i - 1]?.[2] === group) return;
    const span = HEADERS.filter((h) => h[2] === group).length;
    top.push(`<th scope="colgroup" colspan="${span}" class="group">${escapeHtml(group)}</th>`);
  });
  return `<thead><tr>${top.join('')}</tr><tr>${bottom.join('')}</tr></thead>`;
}

function table(kind: string, first: string, rows: readonly string[]): string {
  return `<table class="metrics" data-table="${kind}">${head(first)}<tbody>${rows.join('')}</tbody></table>`;
}

export function strategiesTable(results: readonly StrategyResult[], baselines: Baselines): string {
  const rows = results.map((r) =>
    row(r.strategy, metricCells(r.overall), `data-strategy="${escapeHtml(r.strategy)}"`),
  );
  rows.push(
    row('cold start (baseline)', coldStartCells(baselines), 'class="baseline" data-baseline="cold-start"'),
  );
  rows.push(
    row('cost floor (baseline)', costFloorCells(baselines), 'class="baseline" data-baseline="cost-floor"'),
  );
  return table('strategies', 'strategy', rows);
}

/** Pools in name order (code-unit order, not the locale's), so the table reads the same everywhere. */
export function poolsTable(result: StrategyResult): string {
  const pools = Object.keys(result.pools).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const rows = pools.flatMap((name) => {
    const m = result.pools[name];
    return m === undefined ? [] : [row(name, metricCells(m), `data-pool="${escapeHtml(name)}"`)];
  });
  return table('pools', 'pool', rows);
}
