import { describe, expect, it } from 'vitest';
import { rateLimitDelayMs } from '../../../../src/sources/tfc/rate-limit.js';

const headers = (h: Record<string, string>) => ({ get: (name: string) => h[name.toLowerCase()] ?? null });
const NOW = Date.parse('2026-11-22T10:00:00Z');

describe('TFC 429 delay', () => {
  it('waits x-ratelimit-reset seconds (a decimal)', () => {
    expect(rateLimitDelayMs(headers({ 'x-ratelimit-reset': '0.617' }), 0, NOW)).toBe(617);
    expect(rateLimitDelayMs(headers({ 'x-ratelimit-reset': '42' }), 2, NOW)).toBe(42_000);
  });

  it('honours Retry-After in seconds or as an HTTP date, the longer of the two headers', () => {
    expect(rateLimitDelayMs(headers({ 'retry-after': '3' }), 0, NOW)).toBe(3000);
    const date = new Date(NOW + 7000).toUTCString();
    expect(rateLimitDelayMs(headers({ 'retry-after': date }), 0, NOW)).toBe(7000);
    expect(rateLimitDelayMs(headers({ 'retry-after': '2', 'x-ratelimit-reset': '0.5' }), 0, NOW)).toBe(2000);
  });

  it('a reset of zero still waits a little; no headers back off exponentially', () => {
    expect(rateLimitDelayMs(headers({ 'x-ratelimit-reset': '0' }), 0, NOW)).toBe(100);
    expect(rateLimitDelayMs(headers({}), 0, NOW)).toBe(1000);
    expect(rateLimitDelayMs(headers({}), 2, NOW)).toBe(4000);
    expect(rateLimitDelayMs(headers({ 'x-ratelimit-reset': 'soon' }), 1, NOW)).toBe(2000);
  });
});
