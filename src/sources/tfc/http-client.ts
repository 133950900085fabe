/**
 * A JSON:API client for HCP Terraform / Terraform Enterprise on the platform `fetch`:
 * bearer token, per-request timeout, 429 backoff that honours the rate-limit headers,
 * retries of 502/503/504 and network errors, pagination, and a count of every request.
 * https://developer.hashicorp.com/terraform/cloud-docs/api-docs
 */
import type * as z from 'zod';
import { ProviderError, errorMessage } from '../../core/errors.js';
import type { Logger } from '../../telemetry/logger.js';
import { tfcError } from './errors.js';
import { listDocumentSchema, singleDocumentSchema, type ListDocument, type Resource } from './json-api.js';
import { rateLimitDelayMs, type HeaderReader } from './rate-limit.js';

/** The slice of a fetch `Response` read here. */
export interface FetchResponse {
  readonly status: number;
  readonly headers: HeaderReader;
  text(): Promise<string>;
}

export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; signal: AbortSignal },
) => Promise<FetchResponse>;

export interface TfcHttpOptions {
  /** e.g. https://app.terraform.io; `/api/v2` is appended. */
  readonly address: string;
  readonly token: string;
  readonly logger: Logger;
  readonly fetch?: FetchLike;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly clock?: () => number;
  /** Per request, default 15 s. */
  readonly timeoutMs?: number;
  /** 429 answers retried per request before the error surfaces, default 3. */
  readonly rateLimitRetries?: number;
  /** A 429 that asks for a longer wait than this is not waited for, default 30 s. */
  readonly maxWaitMs?: number;
}

/** `page[size]` maximum of the API. */
export const PAGE_SIZE = 100;
/** 100 pages of 100: beyond that a listing is a bug or a runaway, not a pool. */
const MAX_PAGES = 100;
const SERVER_RETRIES = 2;
const SERVER_RETRY_BASE_MS = 500;
const RETRY_STATUSES = new Set([502, 503, 504]);

export type Query = Readonly<Record<string, string>>;

export interface Listing {
  readonly data: readonly Resource[];
  readonly included: readonly Resource[];
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

type Attempt = { done: true; status: number; body: string } | { done: false; waitMs: number; why: string };

export class TfcHttp {
  /** Every request sent, 429s and retries included. */
  calls = 0;
  private readonly base: string;
  private readonly fetch: FetchLike;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly clock: () => number;

  constructor(private readonly options: TfcHttpOptions) {
    this.base = `${options.address.replace(/\/+$/, '')}/api/v2`;
    this.fetch = options.fetch ?? ((url, init) => globalThis.fetch(url, init));
    this.sleep = options.sleep ?? defaultSleep;
    this.clock = options.clock ?? Date.now;
  }

  /** GET one document; `what` names the call in errors ("list agents of pool apool-1"). */
  async getOne(what: string, path: string, query: Query = {}): Promise<Resource> {
    return parse(what, singleDocumentSchema, await this.get(what, path, query)).data;
  }

  /** GET every page of a listing (`page[size]=100`, following `meta.pagination.next-page`). */
  async getAll(what: string, path: string, query: Query = {}): Promise<Listing> {
    const data: Resource[] = [];
    const included: Resource[] = [];
    let page: number | null | undefined = 1;
    for (let n = 0; typeof page === 'number'; n++) {
      if (n === MAX_PAGES) throw new ProviderError(`TFC ${what}: more than ${MAX_PAGES} pages`);
      const paged: Query = { ...query, 'page[number]': String(page), 'page[size]': String(PAGE_SIZE) };
      const doc: ListDocument = parse(what, listDocumentSchema, await this.get(what, path, paged));
      data.push(...doc.data);
      included.push(...(doc.included ?? []));
      const next: number | null | undefined = doc.meta?.pagination?.['next-page'];
      page = typeof next === 'number' && next > page ? next : undefined;
    }
    return { data, included };
  }

  private async get(what: string, path: string, query: Query): Promise<unknown> {
    const search = new URLSearchParams(query).toString();
    const url = `${this.base}${path}${search === '' ? '' : `?${search}`}`;
    for (let attempt = 0; ; attempt++) {
      const result = await this.attempt(what, url, attempt);
      if (result.done) {
        if (result.status < 200 || result.status >= 300) throw tfcError(what, result.status, result.body);
        return parseJson(what, result.body);
      }
      this.options.logger.warn(`TFC ${what}: ${result.why}; retry in ${result.waitMs} ms`, { attempt });
      await this.sleep(result.waitMs);
    }
  }

  /** One request; says whether to stop (with the answer) or wait and try again. */
  private async attempt(what: string, url: string, attempt: number): Promise<Attempt> {
    let res: FetchResponse;
    let body: string;
    this.calls += 1;
    try {
      // The timeout covers the body too: a connection that stalls mid-answer is a network error.
      res = await this.fetch(url, { method: 'GET', headers: this.headers(), signal: this.signal() });
      body = await res.text();
    } catch (err) {
      if (attempt < SERVER_RETRIES) {
        return { done: false, waitMs: SERVER_RETRY_BASE_MS * 2 ** attempt, why: errorMessage(err) };
      }
      throw networkError(what, err);
    }
    if (res.status === 429) return this.rateLimited(res, body, attempt);
    if (RETRY_STATUSES.has(res.status) && attempt < SERVER_RETRIES) {
      return { done: false, waitMs: SERVER_RETRY_BASE_MS * 2 ** attempt, why: `HTTP ${res.status}` };
    }
    return { done: true, status: res.status, body };
  }

  private rateLimited(res: FetchResponse, body: string, attempt: number): Attempt {
    const waitMs = rateLimitDelayMs(res.headers, attempt, this.clock());
    const retries = this.options.rateLimitRetries ?? 3;
    if (attempt >= retries || waitMs > (this.options.maxWaitMs ?? 30_000)) {
      return { done: true, status: 429, body };
    }
    return { done: false, waitMs, why: 'rate limited (429)' };
  }

  private headers(): Record<string, string> {
    return {
      Authorization: `Bearer ${this.options.token}`,
      'Content-Type': 'application/vnd.api+json',
      Accept: 'application/vnd.api+json',
    };
  }

  private signal(): AbortSignal {
    return AbortSignal.timeout(this.options.timeoutMs ?? 15_000);
  }
}

function networkError(what: string, err: unknown): ProviderError {
  const timedOut = err instanceof Error && err.name === 'TimeoutError';
  const message = timedOut ? 'timed out' : `network error: ${errorMessage(err)}`;
  return new ProviderError(`TFC ${what}: ${message}`, {
    status: timedOut ? 504 : 502,
    retryable: true,
    cause: err,
  });
}

function parseJson(what: string, body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch (err) {
    throw new ProviderError(`TFC ${what}: the answer is not JSON`, { cause: err });
  }
}

function parse<T>(what: string, schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new ProviderError(`TFC ${what}: unexpected answer: ${parsed.error.message}`);
  }
  return parsed.data;
}
