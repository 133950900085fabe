import type { GithubSourceConfig } from '../../config/source-schema.js';

/** Where runners register and which repositories' jobs count. */
export type Scope =
  | { readonly kind: 'repo'; readonly owner: string; readonly repo: string }
  | { readonly kind: 'org'; readonly org: string; readonly repositories?: readonly string[] };

export function scopeOf(config: GithubSourceConfig): Scope {
  if (config.repo !== undefined) return { kind: 'repo', owner: config.owner, repo: config.repo };
  return {
    kind: 'org',
    org: config.owner,
    ...(config.repositories !== undefined && { repositories: config.repositories }),
  };
}

/** Pools whose sources share this key see the same jobs and registrations. */
export function scopeKey(config: GithubSourceConfig): string {
  const s = scopeOf(config);
  const where =
    s.kind === 'repo'
      ? `${s.owner}/${s.repo}`
      : `${s.org}/*${s.repositories ? `[${[...s.repositories].sort().join(',')}]` : ''}`;
  return `github:${config.baseUrl ?? 'https://api.github.com'}:${where}`;
}

/** Whether the scope covers a repository (GitHub names are case-insensitive). */
export function scopeServes(scope: Scope, owner: string, repo: string): boolean {
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  if (scope.kind === 'repo') return same(scope.owner, owner) && same(scope.repo, repo);
  return same(scope.org, owner) && (scope.repositories?.some((r) => same(r, repo)) ?? true);
}
