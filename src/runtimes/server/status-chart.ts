/** The status page's chart: desired vs busy vs idle workers over a pool's recent full reconciles. */
import type { HistoryEntry } from '../../state/store.js';
import { escapeHtml } from './html.js';

export interface ChartPoint {
  readonly at: string;
  readonly desired: number;
  readonly busy: number;
  readonly idle: number;
}

export const SERIES = [
  { key: 'desired', label: 'desired', color: '#1f6feb', dash: '' },
  { key: 'busy', label: 'busy', color: '#d1242f', dash: '' },
  { key: 'idle', label: 'idle', color: '#1a7f37', dash: '4 3' },
] as const;

const WIDTH = 640;
const HEIGHT = 180;
const PAD = { left: 36, right: 12, top: 12, bottom: 24 };

/** Only full reconciles carry counts: the fast path sees part of the pool. */
export function chartPoints(history: readonly HistoryEntry[], max = 60): ChartPoint[] {
  return history
    .filter((h) => h.kind === 'reconcile' && h.counts !== undefined)
    .slice(-max)
    .map((h) => ({
      at: h.at,
      desired: h.desired,
      busy: h.counts?.['workers.busy'] ?? 0,
      idle: h.counts?.['workers.idle'] ?? 0,
    }));
}

function polyline(points: readonly ChartPoint[], key: 'desired' | 'busy' | 'idle', top: number): string {
  const w = WIDTH - PAD.left - PAD.right;
  const h = HEIGHT - PAD.top - PAD.bottom;
  const step = points.length > 1 ? w / (points.length - 1) : 0;
  return points
    .map((p, i) => {
      const x = PAD.left + i * step;
      const y = PAD.top + h - (p[key] / top) * h;
      return `${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(' ');
}

function axes(top: number, first: string, last: string): string {
  const bottom = HEIGHT - PAD.bottom;
  return [
    `<line x1="${PAD.left}" y1="${PAD.top}" x2="${PAD.left}" y2="${bottom}" stroke="#8c959f"/>`,
    `<line x1="${PAD.left}" y1="${bottom}" x2="${WIDTH - PAD.right}" y2="${bottom}" stroke="#8c959f"/>`,
    `<text x="${PAD.left - 6}" y="${PAD.top + 4}" text-anchor="end">${top}</text>`,
    `<text x="${PAD.left - 6}" y="${bottom}" text-anchor="end">0</text>`,
    `<text x="${PAD.left}" y="${HEIGHT - 6}">${escapeHtml(first)}</text>`,
    `<text x="${WIDTH - PAD.right}" y="${HEIGHT - 6}" text-anchor="end">${escapeHtml(last)}</text>`,
  ].join('');
}

/** An inline SVG (no script, no external asset); a note instead while history is too short to draw. */
export function renderChart(pool: string, points: readonly ChartPoint[]): string {
  if (points.length < 2) {
    return `<p class="no-chart">Not enough history to draw a chart yet (${points.length} full reconcile${points.length === 1 ? '' : 's'}).</p>`;
  }
  const top = Math.max(1, ...points.flatMap((p) => [p.desired, p.busy, p.idle]));
  const lines = SERIES.map(
    (s) =>
      `<polyline class="series series-${s.key}" data-series="${s.key}" fill="none" stroke="${s.color}" stroke-width="2"${s.dash === '' ? '' : ` stroke-dasharray="${s.dash}"`} points="${polyline(points, s.key, top)}"/>`,
  ).join('');
  const first = points[0]?.at.slice(11, 19) ?? '';
  const last = points.at(-1)?.at.slice(11, 19) ?? '';
  const title = `Desired, busy and idle workers of ${pool} over the last ${points.length} full reconciles`;
  return [
    `<svg class="chart" data-pool="${escapeHtml(pool)}" data-points="${points.length}" role="img" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" xmlns="http://www.w3.org/2000/svg">`,
    `<title>${escapeHtml(title)}</title>`,
    axes(top, first, last),
    lines,
    '</svg>',
    `<p class="legend">${SERIES.map((s) => `<span style="color:${s.color}">&#9632; ${s.label}</span>`).join(' ')}</p>`,
  ].join('');
}
