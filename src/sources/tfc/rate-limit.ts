/**
 * How long to wait after a 429. HCP Terraform answers rate-limited calls with
 * `x-ratelimit-limit`, `x-ratelimit-remaining` and `x-ratelimit-reset`, the seconds (a
 * decimal) until the window resets; go-tfe waits that long. `Retry-After` (seconds or an
 * HTTP date) is honoured too, for proxies and Terraform Enterprise front ends.
 * https://developer.hashicorp.com/terraform/cloud-docs/api-docs#rate-limits
 */

export interface HeaderReader {
  get(name: string): string | null;
}

/** Used when the answer says nothing: 1 s, 2 s, 4 s, ... */
const FALLBACK_BASE_MS = 1000;
/** A reset in the past or "0" still gets this much, so a retry does not land in the same window. */
const MIN_WAIT_MS = 100;

function seconds(value: string | null): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n * 1000 : undefined;
}

function retryAfterMs(value: string | null, now: number): number | undefined {
  const asSeconds = seconds(value);
  if (asSeconds !== undefined || value === null) return asSeconds;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The wait the server asks for before `attempt` (0 = the first retry), in ms. */
export function rateLimitDelayMs(headers: HeaderReader, attempt: number, now: number): number {
  const reset = seconds(headers.get('x-ratelimit-reset'));
  const after = retryAfterMs(headers.get('retry-after'), now);
  const asked = Math.max(reset ?? 0, after ?? 0);
  if (reset === undefined && after === undefined) return FALLBACK_BASE_MS * 2 ** attempt;
  return Math.max(MIN_WAIT_MS, Math.ceil(asked));
}
