const WINDOW_MS = 60 * 60 * 1000;

interface Bucket {
  used: number;
  resetAt: number;
}

/**
 * GitHub's primary rate limit: a budget of requests per hour per credential, reported
 * in `x-ratelimit-*` headers on every answer. A 304 does not spend from it.
 */
export class RateLimits {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly limit: number,
    private readonly clock: () => number,
  ) {}

  private bucket(key: string): Bucket {
    const now = this.clock();
    let bucket = this.buckets.get(key);
    if (bucket === undefined || bucket.resetAt <= now) {
      bucket = { used: 0, resetAt: now + WINDOW_MS };
      this.buckets.set(key, bucket);
    }
    return bucket;
  }

  exhausted(key: string): boolean {
    return this.bucket(key).used >= this.limit;
  }

  spend(key: string): void {
    this.bucket(key).used += 1;
  }

  headers(key: string): Record<string, string> {
    const bucket = this.bucket(key);
    return {
      'x-ratelimit-limit': String(this.limit),
      'x-ratelimit-remaining': String(Math.max(0, this.limit - bucket.used)),
      'x-ratelimit-reset': String(Math.ceil(bucket.resetAt / 1000)),
      'x-ratelimit-used': String(bucket.used),
      'x-ratelimit-resource': 'core',
    };
  }
}
