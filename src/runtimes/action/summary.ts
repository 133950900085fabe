import { countsOf } from '../../engine/counts.js';
import type { EventResult, ReconcileResult } from '../../engine/engine.js';
import type { Outcome } from '../../engine/executor.js';
import type { HistoryEntry } from '../../state/store.js';

const BARS = '▁▂▃▄▅▆▇█';

/** A one-line chart of values, scaled to `top` so two series share one scale. */
export function sparkline(values: readonly number[], top: number): string {
  return values
    .map(
      (v) => BARS[top <= 0 ? 0 : Math.min(BARS.length - 1, Math.round((v / top) * (BARS.length - 1)))] ?? ' ',
    )
    .join('');
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function actionRows(outcomes: readonly Outcome[], reasons: ReadonlyMap<string, string>): string[] {
  return outcomes.map(
    (o) =>
      `| ${o.type} | \`${cell(o.target)}\` | ${o.result} | ${cell(o.detail)} | ${cell(reasons.get(o.target) ?? '')} |`,
  );
}

/** Desired vs busy over the pool's recent full reconciles. */
function chart(history: readonly HistoryEntry[]): string[] {
  const points = history.filter((h) => h.kind === 'reconcile' && h.counts !== undefined).slice(-40);
  if (points.length < 2) return [];
  const desired = points.map((h) => h.desired);
  const busy = points.map((h) => h.counts?.['workers.busy'] ?? 0);
  const top = Math.max(1, ...desired, ...busy);
  return [
    '',
    `Desired vs busy, last ${points.length} reconciles (top = ${top}):`,
    '',
    '```text',
    `desired ${sparkline(desired, top)}`,
    `busy    ${sparkline(busy, top)}`,
    '```',
  ];
}

export interface PoolReport {
  readonly pool: string;
  readonly reconcile?: ReconcileResult;
  readonly event?: EventResult;
  readonly history: readonly HistoryEntry[];
  readonly error?: string;
}

/** The job summary: one section per pool with its counts, its actions with reasons, and a chart. */
export function renderSummary(title: string, reports: readonly PoolReport[]): string {
  const out = [`## ci-scaler: ${cell(title)}`];
  for (const r of reports) {
    out.push('', `### Pool \`${r.pool}\``);
    if (r.error !== undefined) out.push('', `**Failed:** ${cell(r.error)}`);
    const decision = r.reconcile?.decision ?? r.event?.decision;
    const obs = r.reconcile?.observation;
    if (obs !== undefined) {
      const c = countsOf(obs);
      out.push(
        '',
        '| jobs queued | jobs running | jobs waiting | booting | idle | busy | failed | desired | API calls |',
        '|---|---|---|---|---|---|---|---|---|',
      );
      out.push(
        `| ${c['jobs.queued']} | ${c['jobs.running']} | ${c['jobs.waiting']} | ${c['workers.booting']} | ${c['workers.idle']} | ${c['workers.busy']} | ${c['workers.failed']} | ${decision?.desired ?? '-'} | ${r.reconcile?.apiCalls ?? 0} |`,
      );
    }
    if (decision !== undefined) out.push('', `Decision: ${cell(decision.reason)}`);
    const outcomes = [...(r.event?.outcomes ?? []), ...(r.reconcile?.outcomes ?? [])];
    const reasons = new Map<string, string>();
    for (const a of [...(r.event?.decision?.actions ?? []), ...(decision?.actions ?? [])]) {
      if (a.type === 'terminate') reasons.set(a.workerId, a.reason);
      if (a.type === 'launch') for (const t of a.for) reasons.set(t.name, a.reason);
    }
    if (outcomes.length > 0)
      out.push(
        '',
        '| action | worker | result | detail | reason |',
        '|---|---|---|---|---|',
        ...actionRows(outcomes, reasons),
      );
    else if (r.reconcile?.result === 'dry-run')
      out.push('', `Dry run: ${decision?.actions.length ?? 0} action(s) decided, none taken.`);
    out.push(...chart(r.history));
  }
  return `${out.join('\n')}\n`;
}
