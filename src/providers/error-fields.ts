/**
 * What every backend's error mapping reads from a thrown value, shared so each backend
 * folder keeps only what is particular to its API.
 */

/** Connection failures that a later attempt may not meet (a restart, a network blip). */
export const NETWORK_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
]);

/** A property of a thrown value, whatever was thrown. */
export function field(error: unknown, key: string): unknown {
  return typeof error === 'object' && error !== null ? (error as Record<string, unknown>)[key] : undefined;
}
