export { findRoute, matchPattern } from '../route-pattern.js';
import type { Credential } from './auth.js';
import type { Permission } from './types.js';

export interface ApiResponse {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface RouteRequest {
  readonly params: Readonly<Record<string, string>>;
  readonly url: URL;
  /** The parsed JSON body; undefined when there was none. */
  readonly body: unknown;
  readonly credential: Credential;
}

/** The permission a route needs, and how GitHub names it in `x-accepted-github-permissions`. */
export interface NeededPermission {
  readonly permission: Permission;
  readonly accepted: string;
}

export interface Route {
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** Path segments; `{name}` captures one segment. */
  readonly pattern: string;
  /** `token`: a PAT or an installation token; `app`: the App's JWT; `installation`: only an installation token. */
  readonly auth: 'token' | 'app' | 'installation';
  readonly permission?: NeededPermission;
  readonly handle: (request: RouteRequest) => ApiResponse;
}

/** A positive integer path parameter, or undefined (GitHub answers 404 for junk ids). */
export function idParam(params: Readonly<Record<string, string>>, name: string): number | undefined {
  const value = params[name] ?? '';
  return /^[1-9]\d{0,15}$/.test(value) ? Number(value) : undefined;
}

export type Handler<C> = (ctx: C, request: RouteRequest) => ApiResponse;

/** A route whose handler is a plain function of the shared context and the request. */
export function bindRoute<C>(ctx: C, spec: Omit<Route, 'handle'>, handle: Handler<C>): Route {
  return { ...spec, handle: (request) => handle(ctx, request) };
}
