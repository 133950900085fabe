/**
 * Classifying what the ECS client throws. Modelled errors are classes of
 * `@aws-sdk/client-ecs` (checked with instanceof); throttling is not modelled by ECS, so
 * it arrives as a plain ECSServiceException whose error code is in `name`, which is also
 * how the SDK's own retry strategy recognises it. A failed connection is a Node system
 * error with a `code` and no `$metadata`.
 */
import {
  AccessDeniedException,
  ClusterNotFoundException,
  ECSServiceException,
  InvalidParameterException,
  ServerException,
  ServiceNotActiveException,
  ServiceNotFoundException,
} from '@aws-sdk/client-ecs';
import { ProviderError } from '../../core/errors.js';
import { field, NETWORK_ERROR_CODES } from '../error-fields.js';

/** Error codes AWS uses for "slow down" (the subset ECS sends; the SDK retries these itself first). */
const THROTTLING_CODES = new Set(['ThrottlingException', 'Throttling', 'TooManyRequestsException']);

/** The HTTP status ECS answered with, when it answered. */
export function ecsHttpStatus(error: unknown): number | undefined {
  if (!(error instanceof ECSServiceException)) return undefined;
  return error.$metadata.httpStatusCode;
}

export function isThrottling(error: unknown): boolean {
  if (!(error instanceof ECSServiceException)) return false;
  return (
    THROTTLING_CODES.has(error.name) || ecsHttpStatus(error) === 429 || error.$retryable?.throttling === true
  );
}

function isServerFault(error: unknown): boolean {
  if (error instanceof ServerException) return true;
  if (!(error instanceof ECSServiceException)) return false;
  return error.$fault === 'server' || (ecsHttpStatus(error) ?? 0) >= 500;
}

function isNetworkFailure(error: unknown): boolean {
  if (error instanceof ECSServiceException) return false;
  const code = field(error, 'code');
  if (typeof code === 'string' && NETWORK_ERROR_CODES.has(code)) return true;
  // The SDK's request timeout (node-http-handler) names its error TimeoutError.
  return error instanceof Error && error.name === 'TimeoutError';
}

/** The status the edge sees for a failed ECS call. */
function statusOf(error: unknown): number {
  if (error instanceof AccessDeniedException) return 403;
  if (error instanceof ServiceNotFoundException || error instanceof ClusterNotFoundException) return 404;
  if (error instanceof ServiceNotActiveException) return 409;
  if (error instanceof InvalidParameterException) return 400;
  if (isThrottling(error)) return 429;
  return 502;
}

function codeOf(error: unknown): string {
  if (error instanceof ECSServiceException) return error.name;
  const code = field(error, 'code');
  if (typeof code === 'string') return code;
  return error instanceof Error ? error.name : 'error';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * A ProviderError for a failed ECS call; `what` says which call and on what, for the log
 * reader. An error is never turned into "not found" here: 404 only for ECS's own
 * ServiceNotFound / ClusterNotFound answers.
 */
export function toProviderError(what: string, error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  const retryable = isThrottling(error) || isServerFault(error) || isNetworkFailure(error);
  const hint =
    error instanceof AccessDeniedException
      ? ' (the credentials lack an ECS permission; see docs/providers/ecs.md)'
      : '';
  return new ProviderError(`ecs: ${what} failed (${codeOf(error)}): ${messageOf(error)}${hint}`, {
    retryable,
    status: statusOf(error),
    cause: error,
  });
}

/** Runs one ECS call, turning any failure into a ProviderError about `what`. */
export async function ecsCall<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toProviderError(what, error);
  }
}
