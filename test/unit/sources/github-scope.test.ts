/** Which repositories' webhook events a GitHub source takes (an org webhook sends them all). */
import { describe, expect, it } from 'vitest';
import { scopeServes } from '../../../src/sources/github/scope.js';

describe('scopeServes', () => {
  it('a repository scope serves that repository alone, whatever the case', () => {
    const scope = { kind: 'repo', owner: 'acme', repo: 'app' } as const;
    expect(scopeServes(scope, 'Acme', 'App')).toBe(true);
    expect(scopeServes(scope, 'acme', 'web')).toBe(false);
    expect(scopeServes(scope, 'other', 'app')).toBe(false);
  });

  it('an organisation scope serves its listed repositories, or all of its own without a list', () => {
    expect(scopeServes({ kind: 'org', org: 'acme', repositories: ['app'] }, 'acme', 'APP')).toBe(true);
    expect(scopeServes({ kind: 'org', org: 'acme', repositories: ['app'] }, 'acme', 'web')).toBe(false);
    expect(scopeServes({ kind: 'org', org: 'acme' }, 'acme', 'web')).toBe(true);
    expect(scopeServes({ kind: 'org', org: 'acme' }, 'other', 'web')).toBe(false);
  });
});
