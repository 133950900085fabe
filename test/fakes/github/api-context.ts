import type { Authenticator } from './auth.js';
import { notFound } from './fake-error.js';
import type { ShapeContext } from './rest-shapes.js';
import type { GitHubState } from './state.js';
import type { FakeAppOptions, FakeRunnerGroup, RunnerScope } from './types.js';

/** What the REST routes share: the state, the configuration and the shape helpers. */
export interface ApiContext {
  readonly state: GitHubState;
  readonly shapes: ShapeContext;
  readonly owner: string;
  readonly repos: readonly string[];
  readonly groups: readonly FakeRunnerGroup[];
  readonly app: FakeAppOptions | undefined;
  readonly auth: Authenticator;
}

/** GitHub matches owner and repository names case-insensitively; the canonical name is returned. */
export function repoOf(ctx: ApiContext, params: Readonly<Record<string, string>>): string {
  const owner = params['owner'] ?? '';
  const repo = (params['repo'] ?? '').toLowerCase();
  const found = ctx.repos.find((r) => r.toLowerCase() === repo);
  if (owner.toLowerCase() !== ctx.owner.toLowerCase() || found === undefined) throw notFound();
  return found;
}

export function checkOrg(ctx: ApiContext, params: Readonly<Record<string, string>>): void {
  if ((params['org'] ?? '').toLowerCase() !== ctx.owner.toLowerCase()) throw notFound();
}

export function repoScope(ctx: ApiContext, params: Readonly<Record<string, string>>): RunnerScope {
  return { kind: 'repo', repo: repoOf(ctx, params) };
}

export function orgScope(ctx: ApiContext, params: Readonly<Record<string, string>>): RunnerScope {
  checkOrg(ctx, params);
  return { kind: 'org' };
}
