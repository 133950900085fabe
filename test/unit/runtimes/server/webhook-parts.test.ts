import { sign } from '@octokit/webhooks-methods';
import { describe, expect, it } from 'vitest';
import { BackgroundTasks } from '../../../../src/runtimes/server/background-tasks.js';
import { DeliveryDedupe } from '../../../../src/runtimes/server/delivery-dedupe.js';
import { signatureCheck } from '../../../../src/runtimes/server/webhook-signature.js';
import { captureLogger } from '../../../support/capture-logger.js';

describe('DeliveryDedupe', () => {
  it('remembers ids up to its capacity, oldest forgotten first', () => {
    const d = new DeliveryDedupe(3);
    expect(['a', 'b', 'c'].map((id) => d.seen(id))).toEqual([false, false, false]);
    expect(d.seen('a')).toBe(true);
    expect(d.seen('d')).toBe(false);
    expect(d.size).toBe(3);
    expect(d.seen('a')).toBe(false);
    d.forget('d');
    expect(d.seen('d')).toBe(false);
  });
});

describe('signatureCheck', () => {
  it('accepts the current and previous secrets, nothing else', async () => {
    const check = signatureCheck(['now', 'before']);
    const body = '{"a":1}';
    expect(await check(body, await sign('now', body))).toBe(true);
    expect(await check(body, await sign('before', body))).toBe(true);
    expect(await check(body, await sign('other', body))).toBe(false);
    expect(await check(body, undefined)).toBe(false);
    expect(await check('', await sign('now', 'x'))).toBe(false);
    expect(await check(body, 'sha256=zz')).toBe(false);
  });

  it('covers the exact bytes: a BOM or a re-serialised body does not verify', async () => {
    const check = signatureCheck(['now']);
    const body = '{ "a": 1 }';
    const sig = await sign('now', body);
    expect(await check(JSON.stringify(JSON.parse(body)), sig)).toBe(false);
    expect(await check(`\uFEFF${body}`, sig)).toBe(false);
  });
});

describe('BackgroundTasks', () => {
  it('runs tasks after the caller returns, bounded in concurrency and queue, and drains', async () => {
    const logger = captureLogger();
    const tasks = new BackgroundTasks({ logger, concurrency: 2, maxQueued: 3 });
    let running = 0;
    let most = 0;
    const done: number[] = [];
    const task = (n: number) => async () => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      done.push(n);
    };
    expect([1, 2, 3, 4].map((n) => tasks.submit(task(n)))).toEqual([true, true, true, false]);
    expect(done).toEqual([]);
    expect(await tasks.drain(1_000)).toBe(true);
    expect(done.sort()).toEqual([1, 2, 3]);
    expect(most).toBe(2);
    expect(tasks.submit(task(5))).toBe(false);
  });

  it('logs a task that throws instead of leaving an unhandled rejection', async () => {
    const logger = captureLogger();
    const tasks = new BackgroundTasks({ logger });
    tasks.submit(() => Promise.reject(new Error('lost')));
    expect(await tasks.drain(1_000)).toBe(true);
    expect(logger.records).toEqual([{ level: 'error', message: 'background task failed: lost' }]);
  });

  it('drain() gives up after its bound', async () => {
    const tasks = new BackgroundTasks({ logger: captureLogger() });
    tasks.submit(() => new Promise(() => undefined));
    expect(await tasks.drain(30)).toBe(false);
  });
});

describe('DeliveryDedupe after forget', () => {
  it('an id seen again after forget() lives its full span in the ring', () => {
    const d = new DeliveryDedupe(3);
    d.seen('a');
    d.forget('a');
    d.seen('b');
    d.seen('a');
    d.seen('c');
    // 'a' took a new slot; the old one was cleared, so filling the ring does not evict it early.
    d.seen('d');
    expect(d.seen('a')).toBe(true);
    expect(d.size).toBe(3);
  });
});
