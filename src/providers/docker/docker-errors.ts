/**
 * Classifying what docker-modem throws: an HTTP answer from the engine carries
 * `statusCode` and the engine's `json.message`; a failed connection is a Node system
 * error with a `code` (ECONNREFUSED, ENOENT for a missing socket, ...).
 */
import { ProviderError } from '../../core/errors.js';
import { field, NETWORK_ERROR_CODES } from '../error-fields.js';

/** A missing socket is a daemon that is (re)starting: worth another try, like a network blip. */
const RETRYABLE_CODES = new Set([...NETWORK_ERROR_CODES, 'ENOENT']);

/** The engine's HTTP status, or undefined when no answer came back. */
export function dockerStatus(error: unknown): number | undefined {
  const status = field(error, 'statusCode');
  return typeof status === 'number' ? status : undefined;
}

/** The engine's own message ("No such image: x") or the error's. */
export function dockerMessage(error: unknown): string {
  const json = field(error, 'json');
  const message = field(json, 'message');
  if (typeof message === 'string' && message !== '') return message.trim();
  if (typeof json === 'string' && json.trim() !== '') return json.trim();
  const own = field(error, 'message');
  return typeof own === 'string' ? own : String(error);
}

export function isRetryable(error: unknown): boolean {
  const status = dockerStatus(error);
  if (status !== undefined) return status >= 500;
  const code = field(error, 'code');
  return typeof code === 'string' && RETRYABLE_CODES.has(code);
}

/**
 * A ProviderError for a failed engine call: `what` says which call, for the log reader.
 * The status stays 502 (the engine behind us failed); the engine's own status is in the message.
 */
export function toProviderError(what: string, error: unknown): ProviderError {
  const status = dockerStatus(error);
  const code = field(error, 'code');
  const detail = status !== undefined ? `HTTP ${status}` : typeof code === 'string' ? code : 'no answer';
  return new ProviderError(`docker: ${what} failed (${detail}): ${dockerMessage(error)}`, {
    retryable: isRetryable(error),
    cause: error,
  });
}
