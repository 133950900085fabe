import { ProviderError } from '../../core/errors.js';
import { errorDocumentSchema } from './json-api.js';

/** The `title: detail` lines of a JSON:API error document, or the start of the raw body. */
export function errorDetail(body: string): string {
  try {
    const parsed = errorDocumentSchema.safeParse(JSON.parse(body));
    if (parsed.success) {
      return parsed.data.errors
        .map((e) => [e.title, e.detail].filter((s) => s !== undefined && s !== '').join(': '))
        .filter((s) => s !== '')
        .join('; ');
    }
  } catch {
    // Not JSON (a proxy's HTML page): the raw text says more than nothing.
  }
  return body.slice(0, 200).trim();
}

function withDetail(message: string, detail: string): string {
  return detail === '' ? message : `${message} (${detail})`;
}

/**
 * Maps a failed answer to a ProviderError that says what to do. HCP Terraform answers 401
 * only for a bad token and 404 both for "does not exist" and "the token may not see it".
 * https://developer.hashicorp.com/terraform/cloud-docs/api-docs#authentication
 */
export function tfcError(what: string, status: number, body: string): ProviderError {
  const detail = errorDetail(body);
  if (status === 401) {
    return new ProviderError(
      withDetail(
        `TFC token rejected on ${what}: check source.token (a team or organization API token)`,
        detail,
      ),
      { status: 401 },
    );
  }
  if (status === 404) {
    return new ProviderError(withDetail(`TFC ${what}: not found, or the token may not read it`, detail), {
      status: 404,
    });
  }
  if (status === 429) {
    return new ProviderError(withDetail(`TFC ${what}: rate limited`, detail), {
      status: 429,
      retryable: true,
    });
  }
  const retryable = status >= 500;
  return new ProviderError(withDetail(`TFC ${what}: HTTP ${status}`, detail), { status, retryable });
}
