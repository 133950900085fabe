import { Hono } from 'hono';
import type { HistoryEntry } from '../../state/store.js';
import type { ServerContext } from './context.js';
import { escapeHtml } from './html.js';
import { describePool, historyOf, knownPools, type PoolView } from './pool-view.js';
import { chartPoints, renderChart } from './status-chart.js';

/** How often the page reloads itself, in seconds. */
export const REFRESH_SECONDS = 15;
const HISTORY_READ = 200;
const ACTIONS_SHOWN = 10;

/** Nothing outside this page may load: no scripts at all, styles and images only inline. */
const CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:1.5rem;color:#1f2328;background:#fff}
h1{font-size:1.3rem;margin:0 0 .2rem}h2{font-size:1.1rem;margin:0}
.pool{border:1px solid #d0d7de;border-radius:6px;padding:1rem;margin:1rem 0;max-width:60rem}
.meta{color:#59636e;font-size:.9rem}.override{background:#fff8c5;padding:.3rem .5rem;border-radius:4px}
table{border-collapse:collapse;margin:.5rem 0}.counts{display:inline-table;margin-right:1.5rem}caption{text-align:left;font-weight:600}td,th{border:1px solid #d0d7de;padding:.2rem .5rem;text-align:left;vertical-align:top}
.chart text{font-size:11px;fill:#59636e}.error{color:#d1242f}.legend span{margin-right:1rem}`;

function countsTable(title: string, counts: Readonly<Record<string, number>> | null): string {
  if (counts === null) return `<p class="meta">${escapeHtml(title)}: not observed yet</p>`;
  const keys = Object.keys(counts);
  const head = keys.map((k) => `<th>${escapeHtml(k)}</th>`).join('');
  const row = keys.map((k) => `<td data-count="${escapeHtml(k)}">${counts[k] ?? 0}</td>`).join('');
  return `<table class="counts" data-counts="${escapeHtml(title)}"><caption>${escapeHtml(title)}</caption><tr>${head}</tr><tr>${row}</tr></table>`;
}

function overrideLine(view: PoolView): string {
  if (view.overrideError !== undefined)
    return `<p class="override error">Override unreadable: ${escapeHtml(view.overrideError)}</p>`;
  const o = view.override;
  if (o === null) return '';
  const parts = [
    o.mode === undefined
      ? ''
      : `mode ${o.mode}${o.manualTarget === undefined ? '' : ` (target ${o.manualTarget})`}`,
    o.policy === undefined ? '' : `policy ${o.policy}`,
  ].filter((p) => p !== '');
  const by = o.by === undefined ? '' : ` by ${o.by}`;
  return `<p class="override">Runtime override: ${escapeHtml(parts.join(', '))} since ${escapeHtml(o.at)}${escapeHtml(by)}: ${escapeHtml(o.reason)} (config: mode ${escapeHtml(view.settings.mode.config ?? '-')}, policy ${escapeHtml(view.settings.policy.config ?? '-')})</p>`;
}

function lastActions(history: readonly HistoryEntry[]): string {
  const shown = history
    .filter((h) => h.actions.length > 0 || h.kind === 'override')
    .slice(-ACTIONS_SHOWN)
    .reverse();
  if (shown.length === 0) return '<p class="meta">No actions yet.</p>';
  const rows = shown.map((h) => {
    const actions = h.actions.map((a) => `${a.type} ${a.result}: ${a.detail}`).join('\n');
    return `<tr><td>${escapeHtml(h.at)}</td><td>${escapeHtml(h.kind)}</td><td>${escapeHtml(h.reason)}</td><td><pre>${escapeHtml(actions)}</pre></td></tr>`;
  });
  return `<table class="actions"><tr><th>at</th><th>kind</th><th>reason</th><th>actions</th></tr>${rows.join('')}</table>`;
}

function lastReconcile(view: PoolView): string {
  const r = view.lastReconcile;
  if (r === null) return '<p class="meta">No full reconcile in this process yet.</p>';
  const error = r.error === undefined ? '' : ` <span class="error">${escapeHtml(r.error)}</span>`;
  const reason = r.reason === undefined ? '' : `: ${escapeHtml(r.reason)}`;
  return `<p class="meta">Last reconcile ${escapeHtml(r.at ?? '-')}: <b>${escapeHtml(r.result ?? '-')}</b>${reason}${error}</p>`;
}

function poolSection(view: PoolView, history: readonly HistoryEntry[]): string {
  const manual = view.mode === 'manual' ? ` (target ${view.policy.manualTarget ?? 0})` : '';
  return `<section class="pool" data-pool="${escapeHtml(view.name)}">
<h2>${escapeHtml(view.name)}</h2>
<p class="meta">${escapeHtml(view.source)} &rarr; ${escapeHtml(view.provider)}; mode <b class="mode">${escapeHtml(view.mode)}${escapeHtml(manual)}</b>; policy ${escapeHtml(view.preset)}; min ${view.policy.min}, max ${view.policy.max}; desired <b class="desired">${view.desired ?? '-'}</b></p>
${overrideLine(view)}
${lastReconcile(view)}
${countsTable('workers', view.workers)}
${countsTable('jobs', view.jobs)}
${renderChart(view.name, chartPoints(history))}
<h3>Last actions</h3>
${lastActions(history)}
</section>`;
}

/** The whole page; every value that a config, a person or a backend wrote is escaped. */
export function renderStatusPage(sections: readonly string[], generatedAt: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="refresh" content="${REFRESH_SECONDS}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ci-scaler status</title><style>${STYLE}</style></head>
<body><h1>ci-scaler</h1><p class="meta">Generated ${escapeHtml(generatedAt)}; reloads every ${REFRESH_SECONDS}s.</p>
${sections.join('\n')}
</body></html>`;
}

/** GET /: a small status page of every pool, refreshing itself, with no external assets. */
export function statusRoutes(ctx: ServerContext): Hono {
  const app = new Hono();
  app.get('/', async (c) => {
    const sections = await Promise.all(
      knownPools(ctx).map(async (known) => {
        const name = known.runtime.policy.name;
        const [view, history] = await Promise.all([
          describePool(ctx, known),
          historyOf(ctx, name, HISTORY_READ),
        ]);
        return poolSection(view, history);
      }),
    );
    const html = renderStatusPage(sections, new Date(ctx.clock()).toISOString());
    return c.html(html, 200, { 'Content-Security-Policy': CSP, 'Cache-Control': 'no-store' });
  });
  return app;
}
