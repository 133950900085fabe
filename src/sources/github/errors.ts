import { ProviderError } from '../../core/errors.js';

interface HttpError {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, unknown>; data?: unknown };
}

function asHttpError(err: unknown): HttpError {
  return typeof err === 'object' && err !== null ? err : {};
}

/** The permission GitHub says the call needed (`x-accepted-github-permissions`). */
function neededPermission(err: HttpError): string | undefined {
  const header = err.response?.headers?.['x-accepted-github-permissions'];
  return typeof header === 'string' && header !== '' ? header : undefined;
}

/**
 * Maps an Octokit error to a ProviderError that says what to do: a missing permission is
 * named, 409 means "already exists", throttling and 5xx are retryable.
 */
export function githubError(what: string, err: unknown): ProviderError {
  const e = asHttpError(err);
  const status = e.status ?? 0;
  const base = `GitHub ${what}`;
  if (status === 401)
    return new ProviderError(`${base}: bad credentials (check the token or the App key)`, {
      status: 401,
      cause: err,
    });
  if (status === 403 || status === 404) {
    // First: GitHub sends x-accepted-github-permissions on every answer to an App or a
    // fine-grained token (docs: "Troubleshooting the REST API"), rate limits included.
    if (status === 403 && /rate limit/i.test(e.message ?? '')) {
      return new ProviderError(`${base}: rate limited: ${e.message ?? ''}`, {
        status: 429,
        retryable: true,
        cause: err,
      });
    }
    const needed = neededPermission(e);
    if (needed !== undefined) {
      return new ProviderError(
        `${base}: the credentials lack a permission; GitHub asks for ${needed} (see README "GitHub permissions")`,
        { status: 403, cause: err },
      );
    }
    return new ProviderError(`${base}: ${status} ${e.message ?? ''}`.trim(), { status, cause: err });
  }
  if (status === 409)
    return new ProviderError(`${base}: already exists`, { status: 409, alreadyExists: true, cause: err });
  const retryable = status === 0 || status === 429 || status >= 500;
  return new ProviderError(
    `${base}: ${status === 0 ? 'network error' : String(status)} ${e.message ?? ''}`.trim(),
    { status: status === 0 ? 502 : status, retryable, cause: err },
  );
}

export function statusOf(err: unknown): number | undefined {
  return asHttpError(err).status;
}
