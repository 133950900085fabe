import type { Octokit as CoreOctokit } from '@octokit/core';

/** API requests made and how many of them GitHub answered 304 (free of rate limit). */
export interface CallCounter {
  calls: number;
  notModified: number;
}

interface Cached {
  readonly etag: string;
  readonly response: { status: number; url: string; headers: Record<string, unknown>; data: unknown };
}

const MAX_ENTRIES = 1000;

interface HttpLikeError {
  status?: number;
}

/**
 * Conditional requests: a GET whose last answer carried an ETag is sent with
 * If-None-Match, and a 304 returns the cached body. GitHub does not count 304s against
 * the rate limit, so a quiet reconcile costs nothing.
 * https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#use-conditional-requests-if-appropriate
 */
export function installEtagCache(octokit: Pick<CoreOctokit, 'hook' | 'request'>): CallCounter {
  const counter: CallCounter = { calls: 0, notModified: 0 };
  const cache = new Map<string, Cached>();
  octokit.hook.wrap('request', async (request, options) => {
    counter.calls += 1;
    if (options.method !== 'GET') return request(options);
    const { url } = octokit.request.endpoint(options);
    const cached = cache.get(url);
    if (cached !== undefined) options.headers['if-none-match'] = cached.etag;
    try {
      const response = await request(options);
      const etag = response.headers.etag;
      if (typeof etag === 'string') {
        cache.delete(url);
        // Octokit's paginate rewrites list bodies in place: keep a copy of our own.
        cache.set(url, { etag, response: structuredClone(response) as Cached['response'] });
        if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value ?? '');
      }
      return response;
    } catch (err) {
      if ((err as HttpLikeError).status === 304 && cached !== undefined) {
        counter.notModified += 1;
        return structuredClone(cached.response) as Awaited<ReturnType<typeof request>>;
      }
      throw err;
    }
  });
  return counter;
}
