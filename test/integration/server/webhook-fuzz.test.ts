/**
 * 10,000 random and mutated deliveries at POST /webhook over keep-alive HTTP: no crash, no
 * 5xx, no unhandled rejection. A seeded generator, so a failure replays with FUZZ_SEED.
 */
import { sign } from '@octokit/webhooks-methods';
import { webhookDefinitions } from '../../support/webhook-examples.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRETS, startServer, until, type TestServer } from './server-harness.js';

const definitions = webhookDefinitions;
const seeds = definitions
  .filter((d) => ['workflow_job', 'ping', 'push', 'workflow_run'].includes(d.name))
  .flatMap((d) => d.examples.map((e) => ({ event: d.name, body: JSON.stringify(e) })));

const TOTAL = 10_000;
const BATCH = 200;
const SEED = Number(process.env['FUZZ_SEED'] ?? 20261122);

/** mulberry32: small, fast, good enough to spread inputs. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Shot {
  readonly method: string;
  readonly path: string;
  readonly body: string | undefined;
  readonly headers: Record<string, string>;
}

function generator(random: () => number) {
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)] as T;
  const ascii = (n: number) => Array.from({ length: n }, () => String.fromCharCode(32 + int(95))).join('');
  const anyChars = (n: number) => Array.from({ length: n }, () => String.fromCharCode(int(0xd800))).join('');
  const jsonValue = (depth: number): unknown => {
    const k = depth > 4 ? int(4) : int(7);
    if (k === 0) return null;
    if (k === 1) return pick([0, -1, 1e300, 2 ** 53 + 1, 3.5, Number.MAX_SAFE_INTEGER]);
    if (k === 2) return pick([true, false]);
    if (k === 3) return anyChars(int(20));
    if (k === 4) return Array.from({ length: int(4) }, () => jsonValue(depth + 1));
    return Object.fromEntries(
      Array.from({ length: int(4) }, () => [
        pick(['action', 'workflow_job', 'id', 'labels', ascii(4)]),
        jsonValue(depth + 1),
      ]),
    );
  };
  const mutate = (text: string): string => {
    const at = int(text.length + 1);
    switch (int(6)) {
      case 0:
        return text.slice(0, at);
      case 1:
        return text.slice(0, at) + anyChars(1 + int(8)) + text.slice(at);
      case 2:
        return text.slice(0, at) + text.slice(at + 1 + int(20));
      case 3:
        return text.replace(
          /"(queued|in_progress|completed|waiting)"/,
          `"${pick(['queued', 'x', '', 'QUEUED'])}"`,
        );
      case 4:
        return text.replace(/"labels":\[[^\]]*\]/, `"labels":${JSON.stringify(jsonValue(3))}`);
      default:
        return text.replace(/"id":\d+/, `"id":${JSON.stringify(jsonValue(3))}`);
    }
  };
  const deepNest = () => `${'['.repeat(5000 + int(20000))}${']'.repeat(int(3) === 0 ? 25000 : 10)}`;
  const bodyFor = (): { event: string; body: string } => {
    const seed = pick(seeds);
    switch (int(6)) {
      case 0:
        return seed;
      case 1:
      case 2:
        return { event: seed.event, body: mutate(mutate(seed.body)) };
      case 3:
        return { event: pick(['workflow_job', 'ping']), body: JSON.stringify(jsonValue(0)) };
      case 4:
        if (int(25) === 0) return { event: 'workflow_job', body: `"${'x'.repeat(1024 * 1024)}"` };
        return { event: 'workflow_job', body: int(10) === 0 ? deepNest() : ascii(int(300)) };
      default:
        return {
          event: seed.event,
          body: seed.body.replace(/"labels":\[[^\]]*\]/, '"labels":["self-hosted","linux"]'),
        };
    }
  };
  const signature = async (body: string): Promise<string | undefined> => {
    switch (int(8)) {
      case 0:
        return undefined;
      case 1:
        return `sha256=${ascii(64)}`;
      case 2:
        return ascii(int(90));
      case 3:
        return body.length > 0 ? await sign(SECRETS.previous, body) : 'sha256=';
      case 4:
        return body.length > 0 ? (await sign(SECRETS.webhook, body)).toUpperCase() : '';
      default:
        return body.length > 0 ? await sign(SECRETS.webhook, body) : `sha256=${'a'.repeat(64)}`;
    }
  };
  return async (i: number): Promise<Shot> => {
    const { event, body } = bodyFor();
    const headers: Record<string, string> = {};
    const sig = await signature(body);
    if (sig !== undefined) headers['x-hub-signature-256'] = sig;
    if (int(10) > 0) headers['x-github-event'] = int(10) === 0 ? ascii(int(30)) : event;
    if (int(10) > 0)
      headers['x-github-delivery'] =
        int(5) === 0 ? `fuzz-${int(50)}` : int(20) === 0 ? ascii(200) : `fuzz-${SEED}-${i}`;
    if (int(3) > 0)
      headers['content-type'] = pick(['application/json', 'application/x-www-form-urlencoded', ascii(12)]);
    if (int(10) === 0) headers[`x-${ascii(6).replace(/[^a-z]/gi, 'q')}`] = ascii(int(100));
    const method = int(25) === 0 ? pick(['GET', 'PUT', 'DELETE', 'PATCH']) : 'POST';
    const path =
      int(25) === 0 ? pick(['/webhook/', '/webhook?x=1', '/WEBHOOK', '/webhook/../webhook']) : '/webhook';
    return { method, path, body: method === 'GET' ? undefined : body, headers };
  };
}

let s: TestServer;
beforeAll(async () => {
  // Disabled: every accepted event still runs the fast path, and nothing reaches GitHub.
  s = await startServer({ pool: { mode: 'disabled' } });
});
afterAll(async () => {
  await s.close();
});

describe('POST /webhook fuzz', () => {
  it(`${TOTAL} random and mutated deliveries: no 5xx, no crash, no unhandled rejection`, async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    const next = generator(prng(SEED));
    const statuses = new Map<number, number>();
    const fiveHundreds: string[] = [];
    try {
      for (let start = 0; start < TOTAL; start += BATCH) {
        const shots = await Promise.all(Array.from({ length: BATCH }, (_, k) => next(start + k)));
        const answers = await Promise.all(
          shots.map(async (shot) => {
            const res = await fetch(`${s.url}${shot.path}`, {
              method: shot.method,
              headers: shot.headers,
              ...(shot.body !== undefined && { body: shot.body }),
            });
            await res.arrayBuffer();
            return { shot, status: res.status };
          }),
        );
        for (const { shot, status } of answers) {
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          if (status >= 500)
            fiveHundreds.push(`${status} ${shot.method} ${shot.path} ${shot.body?.slice(0, 120) ?? ''}`);
        }
      }
      await until(() => s.background.pending === 0, 'the background handling', 15_000);
      expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    console.log(`fuzz seed ${SEED}: statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
    expect(fiveHundreds).toEqual([]);
    expect(unhandled).toEqual([]);
    expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(TOTAL);
    // The mix reaches every branch: accepted, ignored, rejected at each check.
    for (const status of [200, 202, 400, 401, 404, 413])
      expect(statuses.get(status) ?? 0, `status ${status}`).toBeGreaterThan(0);
    expect(s.metrics.events.length).toBeGreaterThan(100);
  });
});
