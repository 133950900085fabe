/**
 * Classifying what the AWS SDK throws and what CreateFleet reports per override. The EC2
 * API has no exception class per error: the SDK builds a generic EC2ServiceException whose
 * `name` is the documented error code (errors-overview in the EC2 API reference), so codes
 * are compared here, in one place.
 */
import { ProviderError } from '../../core/errors.js';
import { field, NETWORK_ERROR_CODES } from '../error-fields.js';

/**
 * Per-override capacity errors of one capacity pool (type x zone x class): they count for
 * the circuit breaker, and another type, zone or class may still have room.
 */
const POOL_CAPACITY_CODES = new Set([
  'InsufficientInstanceCapacity',
  'InsufficientCapacity',
  'InsufficientHostCapacity',
  'InsufficientReservedInstanceCapacity',
  'InsufficientFreeAddressesInSubnet',
  'UnfulfillableCapacity',
  'SpotMaxPriceTooLow',
]);

/** Account quotas: out of capacity too (on-demand may still work after spot), but no zone is to blame. */
const QUOTA_CODES = new Set(['MaxSpotInstanceCountExceeded', 'VcpuLimitExceeded', 'InstanceLimitExceeded']);

const THROTTLING_CODES = new Set([
  'RequestLimitExceeded',
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottled',
  'RequestThrottledException',
  'TooManyRequestsException',
  'TooManyUpdates',
  'SlowDown',
]);

const AUTH_CODES = new Set([
  'UnauthorizedOperation',
  'AuthFailure',
  'AccessDenied',
  'AccessDeniedException',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'ExpiredTokenException',
  'OptInRequired',
  'Blocked',
]);

/** Failures before any answer came back (Node system errors, SDK timeouts). */

export type FleetErrorKind = 'pool-capacity' | 'quota' | 'other';

export function fleetErrorKind(code: string | undefined): FleetErrorKind {
  if (code === undefined) return 'other';
  if (POOL_CAPACITY_CODES.has(code)) return 'pool-capacity';
  if (QUOTA_CODES.has(code)) return 'quota';
  return 'other';
}

/**
 * The AWS error code of an SDK service exception (its `name`), else a Node error code.
 * An answer is known by its HTTP status: after its retries the SDK gives every error a
 * `$metadata`, a refused connection's too, and that one's name is only "Error".
 */
export function awsErrorCode(error: unknown): string | undefined {
  if (httpStatus(error) !== undefined || field(error, '$fault') !== undefined) {
    const name = field(error, 'name');
    return typeof name === 'string' ? name : undefined;
  }
  const code = field(error, 'code');
  if (typeof code === 'string') return code;
  // The SDK's own socket and connection timeouts carry a name and no code.
  const name = field(error, 'name');
  return name === 'TimeoutError' ? 'ETIMEDOUT' : undefined;
}

function httpStatus(error: unknown): number | undefined {
  const status = field(field(error, '$metadata'), 'httpStatusCode');
  return typeof status === 'number' ? status : undefined;
}

export function isThrottling(error: unknown): boolean {
  const code = awsErrorCode(error);
  if (code !== undefined && THROTTLING_CODES.has(code)) return true;
  return field(field(error, '$retryable'), 'throttling') === true || httpStatus(error) === 429;
}

function isServerFault(error: unknown): boolean {
  const status = httpStatus(error);
  return field(error, '$fault') === 'server' || (status !== undefined && status >= 500);
}

/** True for an AWS answer with this code, e.g. `InvalidInstanceID.NotFound`. */
export function hasCode(error: unknown, ...codes: string[]): boolean {
  const code = awsErrorCode(error);
  return code !== undefined && codes.includes(code);
}

function message(error: unknown): string {
  const own = field(error, 'message');
  return typeof own === 'string' && own !== '' ? own : String(error);
}

/**
 * A ProviderError for a failed AWS call; `what` says which call. `secrets` are masked out of
 * the message: validation errors may quote a request value back.
 */
export function toProviderError(
  what: string,
  error: unknown,
  secrets: readonly string[] = [],
): ProviderError {
  const code = awsErrorCode(error) ?? 'no answer';
  let text = `ec2: ${what} failed (${code}): ${message(error)}`;
  for (const secret of secrets) if (secret !== '') text = text.split(secret).join('***');
  const options = { cause: error };
  if (isThrottling(error)) return new ProviderError(text, { ...options, retryable: true, status: 429 });
  if (AUTH_CODES.has(code)) return new ProviderError(text, { ...options, status: 403 });
  if (POOL_CAPACITY_CODES.has(code) || QUOTA_CODES.has(code)) {
    return new ProviderError(text, { ...options, capacity: true, retryable: true, status: 503 });
  }
  if (code === 'IdempotentParameterMismatch') {
    return new ProviderError(text, { ...options, alreadyExists: true, status: 409 });
  }
  if (isServerFault(error)) return new ProviderError(text, { ...options, retryable: true });
  // No answer at all (the SDK has already retried): a later reconcile may get through.
  const network = httpStatus(error) === undefined && NETWORK_ERROR_CODES.has(code);
  return new ProviderError(text, { ...options, retryable: network });
}
