/**
 * Asks the cache service which entry a restore would get, the same Twirp call
 * @actions/cache makes first. restoreCache() reports every failure (service error,
 * download, tar) as a miss with a logged warning; a store that took that for "nothing
 * saved" would start a pool empty and then save the empty state over the real one. This
 * lookup tells a miss (the service says so) from a failure (it throws).
 */
import { StateError } from '../../core/errors.js';

const METHOD_PATH = '/twirp/github.actions.results.api.v1.CacheService/GetCacheEntryDownloadURL';

export interface LookupTarget {
  readonly resultsUrl: string;
  readonly runtimeToken: string;
  /** Delays before each retry of a 5xx or network failure. */
  readonly retryDelaysMs: readonly number[];
}

/** The key of the entry a restore of `key` (exact, else newest with that prefix) gets, if any. */
export async function lookupEntry(
  target: LookupTarget,
  key: string,
  version: string,
): Promise<string | undefined> {
  // As the library builds it: an absolute path replaces any path of the base URL.
  const url = new URL(METHOD_PATH, target.resultsUrl);
  const init: RequestInit = {
    method: 'POST',
    headers: { authorization: `Bearer ${target.runtimeToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ key, version }),
  };
  for (let attempt = 0; ; attempt++) {
    const outcome = await send(url, init);
    const delay = target.retryDelaysMs[attempt];
    if (!outcome.retryable || delay === undefined) return answer(outcome, key);
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

type Outcome =
  | { readonly retryable: boolean; readonly status: number; readonly body: string }
  | { readonly retryable: true; readonly error: unknown };

async function send(url: URL, init: RequestInit): Promise<Outcome> {
  try {
    const response = await fetch(url, init);
    const body = await response.text();
    return { retryable: response.status >= 500, status: response.status, body };
  } catch (error) {
    return { retryable: true, error };
  }
}

function answer(outcome: Outcome, key: string): string | undefined {
  const failed = `cache lookup of ${key} failed`;
  if ('error' in outcome)
    throw new StateError(`${failed}: ${String(outcome.error)}`, { cause: outcome.error });
  let parsed: unknown;
  try {
    parsed = JSON.parse(outcome.body);
  } catch {
    parsed = undefined;
  }
  const fields = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  if (outcome.status < 200 || outcome.status >= 300) {
    const detail = typeof fields['msg'] === 'string' ? fields['msg'] : outcome.body.slice(0, 200);
    throw new StateError(`${failed}: HTTP ${outcome.status}: ${detail}`);
  }
  if (parsed === undefined) throw new StateError(`${failed}: the answer is not JSON`);
  // protobuf JSON leaves out default values, so a miss may come as `{}`.
  if (fields['ok'] !== true) return undefined;
  const matched = fields['matched_key'] ?? fields['matchedKey'];
  if (typeof matched !== 'string' || matched === '') {
    throw new StateError(`${failed}: the service answered ok without a matched key`);
  }
  return matched;
}
