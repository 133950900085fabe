/** How Octokit errors become ProviderErrors: what to tell the user, and whether to retry. */
import { RequestError } from '@octokit/request-error';
import { describe, expect, it } from 'vitest';
import { githubError } from '../../../src/sources/github/errors.js';

const url = 'https://api.github.com/repos/acme/app/actions/runners/generate-jitconfig';

/** A 403 as GitHub answers a GitHub App: x-accepted-github-permissions comes on every answer. */
function forbidden(message: string): RequestError {
  return new RequestError(message, 403, {
    request: { method: 'POST', url, headers: {} },
    response: {
      status: 403,
      url,
      headers: { 'x-accepted-github-permissions': 'administration=write' },
      data: { message },
    },
  });
}

describe('githubError', () => {
  it('a secondary rate limit answered to a GitHub App is retryable, not a missing permission', () => {
    const e = githubError(
      'generate JIT config for gh-1-1',
      forbidden('You have exceeded a secondary rate limit. Please wait a few minutes before you try again.'),
    );
    expect(e.message).toMatch(/^GitHub generate JIT config for gh-1-1: rate limited/);
    expect([e.status, e.retryable]).toEqual([429, true]);
  });

  it('any other 403 names the permission GitHub asks for, and is not retried', () => {
    const e = githubError(
      'generate JIT config for gh-1-1',
      forbidden('Resource not accessible by integration'),
    );
    expect(e.message).toContain('the credentials lack a permission; GitHub asks for administration=write');
    expect([e.status, e.retryable]).toEqual([403, false]);
  });
});
