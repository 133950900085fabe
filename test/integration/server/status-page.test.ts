import { mkdir } from 'node:fs/promises';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setOverride } from '../../../src/engine/overrides.js';
import { apiHarness, API_TOKEN, LABELS, listen, type ApiHarness } from '../../support/api-harness.js';
import { CHROMIUM, CHROMIUM_ARGS, chromiumGate } from '../../support/chromium-gate.js';

const gate = chromiumGate();
const HOSTILE = `<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">"'&`;

let h: ApiHarness;
let server: { url: string; close(): Promise<void> };
let browser: Browser;

/** Real reconciles over a changing queue, so history holds a chart's worth of points. */
async function buildHistory(): Promise<void> {
  const jobs = [
    h.gh.queueJob({ labels: LABELS, duration: 1 }),
    h.gh.queueJob({ labels: LABELS, duration: 1 }),
  ];
  await h.reconcile('linux');
  for (const job of jobs) h.gh.startJob(`linux-${job.id}-1`, job.id);
  await h.reconcile('linux');
  const third = h.gh.queueJob({ labels: LABELS, duration: 1 });
  await h.reconcile('linux');
  const [first] = jobs;
  if (first !== undefined) h.gh.completeJob(first.id);
  h.gh.startJob(`linux-${third.id}-1`, third.id);
  await h.reconcile('linux');
  await h.reconcile('gpu');
  await h.reconcile('gpu');
  await setOverride(
    h.ctx.built.store,
    'gpu',
    { kind: 'mode', mode: 'manual', manualTarget: 1 },
    { reason: HOSTILE, by: 'mallory"<b>', now: Date.now(), desired: 1 },
  );
}

describe.skipIf(gate.skip)(gate.title('status page in headless Chromium'), () => {
  beforeAll(async () => {
    h = await apiHarness({ apiToken: API_TOKEN, morePools: [{ name: 'gpu', max: 2 }] });
    await buildHistory();
    server = await listen(h.app);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await h?.close();
  });

  it('renders every pool, the chart and the last actions; loads nothing external; escapes user text', async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 1400 } });
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const res = await page.goto(`${server.url}/`, { waitUntil: 'load' });
    expect(res?.status()).toBe(200);
    expect(res?.headers()['content-security-policy']).toContain("default-src 'none'");

    const linux = page.locator('section.pool[data-pool="linux"]');
    await expect.poll(() => linux.count()).toBe(1);
    expect(await linux.locator('h2').textContent()).toBe('linux');
    expect(await linux.locator('.mode').textContent()).toBe('enabled');
    expect(await linux.locator('.desired').textContent()).toBe('2');
    expect(
      await linux.locator('table.counts[data-counts="workers"] td[data-count="busy"]').textContent(),
    ).toBe('2');

    const chart = linux.locator('svg.chart');
    expect(await chart.getAttribute('data-points')).toBe('4');
    for (const series of ['desired', 'busy', 'idle']) {
      const points = await chart.locator(`polyline[data-series="${series}"]`).getAttribute('points');
      expect(points?.trim().split(/\s+/)).toHaveLength(4);
    }
    const box = await chart.boundingBox();
    expect(box?.width).toBeGreaterThan(300);
    expect(await linux.locator('table.actions').textContent()).toMatch(/launch ok/);

    const gpu = page.locator('section.pool[data-pool="gpu"]');
    expect(await gpu.locator('.mode').textContent()).toBe('manual (target 1)');
    expect(await gpu.locator('.override').textContent()).toContain(HOSTILE);
    expect(await gpu.locator('.override').textContent()).toContain('mallory"<b>');
    expect(await page.locator('section.pool script, section.pool img').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);

    expect(await page.locator('meta[http-equiv="refresh"]').getAttribute('content')).toMatch(/^\d+$/);
    expect(requests).toEqual([`${server.url}/`]);

    await mkdir('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/status-page.png', fullPage: true });
  });
});
