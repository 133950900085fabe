export const TWIRP_SERVICE = 'github.actions.results.api.v1.CacheService';

export type TwirpMethod = 'CreateCacheEntry' | 'FinalizeCacheEntryUpload' | 'GetCacheEntryDownloadURL';

export type BlobOperation = 'put-blob' | 'put-block' | 'put-block-list' | 'get' | 'head';

/** Every request the fake answered, in order, with the status it answered. */
export type CacheCall =
  | {
      readonly kind: 'twirp';
      readonly method: string;
      readonly body: unknown;
      readonly status: number;
    }
  | {
      readonly kind: 'blob';
      readonly operation: BlobOperation | 'unknown';
      readonly entryId: number | undefined;
      /** `x-ms-range` or `range`, as sent. */
      readonly range: string | undefined;
      /** The Host header: shows whether the request came through the fake as a proxy. */
      readonly host: string | undefined;
      readonly status: number;
    };

/**
 * A failure to answer instead of the real one. `http` answers that status: for Twirp a
 * JSON error `{ code, msg }` (the client retries 500, 502, 503, 504 five times with
 * backoff from 3 s, so tests use other statuses), for the blob an XML storage error.
 * `not-ok` is a Twirp 200 with `ok: false` and `message`, as the service sends when it
 * refuses a reservation (e.g. `cache write denied: ...`).
 */
export type CacheFault =
  | { readonly type: 'http'; readonly status: number; readonly code?: string; readonly message?: string }
  | { readonly type: 'not-ok'; readonly message: string };

/** Where a fault is injected: one Twirp method, or blob writes (Put Blob / Block / List) or reads. */
export type FaultTarget = TwirpMethod | 'blob-write' | 'blob-read';
