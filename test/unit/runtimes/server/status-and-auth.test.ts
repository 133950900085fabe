import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../../../src/state/store.js';
import { bearerToken, tokenMatches } from '../../../../src/runtimes/server/bearer-auth.js';
import { escapeHtml } from '../../../../src/runtimes/server/html.js';
import { chartPoints, renderChart } from '../../../../src/runtimes/server/status-chart.js';
import { renderStatusPage } from '../../../../src/runtimes/server/status-page.js';

function entry(n: number, extra: Partial<HistoryEntry> = {}): HistoryEntry {
  return {
    at: `2026-11-22T10:0${n}:00.000Z`,
    pool: 'p',
    kind: 'reconcile',
    desired: n,
    reason: 'r',
    actions: [],
    counts: { 'workers.busy': n - 1, 'workers.idle': 1 },
    ...extra,
  };
}

describe('bearer token check', () => {
  it('matches only the exact token, whatever the lengths', () => {
    expect(tokenMatches('s3cret', 's3cret')).toBe(true);
    for (const other of ['', 's3cre', 's3crett', 'S3cret', 's3cret '])
      expect(tokenMatches(other, 's3cret')).toBe(false);
  });

  it('reads only the Bearer scheme', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer abc')).toBe('abc');
    for (const h of [undefined, '', 'Bearer', 'Bearer ', 'Basic abc', 'Bearer a b', 'abc'])
      expect(bearerToken(h)).toBeUndefined();
  });
});

describe('status page pieces', () => {
  it('escapes the five HTML-special characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
    expect(escapeHtml(3)).toBe('3');
  });

  it('charts full reconciles only, with one point per reconcile in each series', () => {
    const { counts: _none, ...override } = entry(3, { kind: 'override' });
    const history = [entry(1), entry(2, { kind: 'fast-path' }), override, entry(4)];
    const points = chartPoints(history);
    expect(points).toEqual([
      { at: '2026-11-22T10:01:00.000Z', desired: 1, busy: 0, idle: 1 },
      { at: '2026-11-22T10:04:00.000Z', desired: 4, busy: 3, idle: 1 },
    ]);
    const svg = renderChart('p"><script>', points);
    expect(svg).toContain('data-pool="p&quot;&gt;&lt;script&gt;"');
    expect(svg).not.toContain('<script>');
    expect(svg.match(/<polyline /g)).toHaveLength(3);
  });

  it('says so instead of drawing with fewer than two points', () => {
    expect(renderChart('p', chartPoints([entry(1)]))).toMatch(/Not enough history .* \(1 full reconcile\)/);
  });

  it('the page refreshes itself and references nothing outside', () => {
    const html = renderStatusPage(['<section></section>'], '2026-11-22T10:00:00.000Z');
    expect(html).toMatch(/<meta http-equiv="refresh" content="\d+">/);
    expect(html).not.toMatch(/(src|href)=/);
  });
});
