/**
 * AWS SDK errors -> StateError with a message a person can act on. A failed call is
 * never turned into "not found": an unreadable binding read as absent would let a job be
 * launched twice. Conditional check failures are not mapped here: the store turns them
 * into ConflictError or a refused lock where a condition was asked for.
 */
import {
  DynamoDBServiceException,
  InternalServerError,
  ProvisionedThroughputExceededException,
  RequestLimitExceeded,
  ResourceNotFoundException,
  ThrottlingException,
} from '@aws-sdk/client-dynamodb';
import { StateError } from '../../core/errors.js';

export function stateErrorOf(error: unknown, operation: string, table: string): StateError {
  if (error instanceof StateError) return error;
  const where = `DynamoDB ${operation} on table "${table}"`;
  const detail = error instanceof Error ? error.message : String(error);
  if (error instanceof ResourceNotFoundException) {
    return new StateError(
      `${where}: the table does not exist in this account and region, or is not ACTIVE yet ` +
        `(create it with \`ci-scaler state init --dynamodb ${table}\`)`,
      { cause: error },
    );
  }
  if (isThrottling(error)) {
    return new StateError(`${where} was throttled, also on the SDK's retries: ${detail}`, { cause: error });
  }
  if (isServerError(error)) {
    const status = error.$metadata.httpStatusCode;
    return new StateError(
      `${where} failed on the service side${status === undefined ? '' : ` (HTTP ${status})`}, ` +
        `also on the SDK's retries: ${detail}`,
      { cause: error },
    );
  }
  if (error instanceof DynamoDBServiceException) {
    return new StateError(`${where} was refused: ${error.name}: ${detail}`, { cause: error });
  }
  // Credentials, region, network: the SDK's own message says which.
  return new StateError(`${where} failed: ${detail}`, { cause: error });
}

function isThrottling(error: unknown): boolean {
  return (
    error instanceof ThrottlingException ||
    error instanceof ProvisionedThroughputExceededException ||
    error instanceof RequestLimitExceeded ||
    (error instanceof DynamoDBServiceException && error.$retryable?.throttling === true)
  );
}

function isServerError(error: unknown): error is DynamoDBServiceException {
  if (error instanceof InternalServerError) return true;
  if (!(error instanceof DynamoDBServiceException)) return false;
  return error.$fault === 'server' || (error.$metadata.httpStatusCode ?? 0) >= 500;
}
