export { findRoute, matchPattern } from '../route-pattern.js';
export interface RouteRequest {
  readonly params: Readonly<Record<string, string>>;
  readonly url: URL;
}

export interface RouteResponse {
  readonly status: number;
  readonly body?: unknown;
}

export interface Route {
  readonly method: 'GET' | 'POST';
  /** Path segments after `/api/v2`; `{name}` captures one segment. */
  readonly pattern: string;
  /** The endpoint allows 30 requests a minute, not 30 a second (the runs listings). */
  readonly perMinuteLimit?: boolean;
  readonly handle: (request: RouteRequest) => RouteResponse;
}

/** A comma-separated filter value as a set; undefined when the filter is absent. */
export function csv(url: URL, name: string): Set<string> | undefined {
  const raw = url.searchParams.get(name);
  if (raw === null) return undefined;
  return new Set(
    raw
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
  );
}
