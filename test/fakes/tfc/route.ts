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

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

export function matchPattern(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/');
  const have = path.replace(/\/+$/, '').split('/');
  if (want.length !== have.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, segment] of want.entries()) {
    const actual = have[i] ?? '';
    if (segment.startsWith('{') && segment.endsWith('}')) {
      const value = decode(actual);
      if (value === undefined || value === '') return undefined;
      params[segment.slice(1, -1)] = value;
    } else if (segment !== actual) {
      return undefined;
    }
  }
  return params;
}

export function findRoute(
  routes: readonly Route[],
  method: string,
  path: string,
): { route: Route; params: Record<string, string> } | undefined {
  for (const route of routes) {
    if (route.method !== method) continue;
    const params = matchPattern(route.pattern, path);
    if (params !== undefined) return { route, params };
  }
  return undefined;
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
