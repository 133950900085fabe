import { FakeError } from './fake-error.js';
import type { RateLimitFault } from './types.js';

const TOO_MANY = "You have exceeded the API's rate limit.";

function tooManyRequests(resetSeconds: number, extra: Record<string, string> = {}): FakeError {
  return new FakeError(429, 'Too many requests', TOO_MANY, {
    'x-ratelimit-limit': '30',
    'x-ratelimit-remaining': '0',
    'x-ratelimit-reset': resetSeconds.toFixed(3),
    ...extra,
  });
}

/**
 * Rate limits: injected 429s ("the next N requests"), and the 30-a-minute limit of the
 * runs listings, per token, over a sliding minute of the fake's clock.
 */
export class RateLimiter {
  private readonly injected: RateLimitFault[] = [];
  private readonly perMinute = new Map<string, number[]>();

  constructor(
    private readonly clock: () => number,
    private readonly limitPerMinute: number,
  ) {}

  failNext(count: number, fault: RateLimitFault): void {
    for (let i = 0; i < count; i++) this.injected.push(fault);
  }

  /** The injected 429 for this request, if one is due; it is used up. */
  takeInjected(): FakeError | undefined {
    const fault = this.injected.shift();
    if (fault === undefined) return undefined;
    return tooManyRequests(
      fault.resetSeconds ?? 0.2,
      fault.retryAfter === undefined ? {} : { 'retry-after': fault.retryAfter },
    );
  }

  /** Counts a request to a 30-a-minute endpoint; the 429 when the minute is full. */
  spendPerMinute(token: string): FakeError | undefined {
    const now = this.clock();
    const recent = (this.perMinute.get(token) ?? []).filter((t) => now - t < 60_000);
    if (recent.length >= this.limitPerMinute) {
      this.perMinute.set(token, recent);
      const oldest = recent[0] ?? now;
      return tooManyRequests((60_000 - (now - oldest)) / 1000);
    }
    recent.push(now);
    this.perMinute.set(token, recent);
    return undefined;
  }
}
