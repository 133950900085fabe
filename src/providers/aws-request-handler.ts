/**
 * How long one AWS API call of a provider may take. Without a limit a half-open
 * connection holds a reconcile, and the pool lock it took, forever: the SDK's default
 * handler waits on a socket with no deadline. A call that times out fails as a network
 * error (`TimeoutError`), which the SDK retries and the provider maps as retryable.
 * https://docs.aws.amazon.com/sdk-for-javascript/v3/developer-guide/node-configuring-maxsockets.html
 */
export const DEFAULT_AWS_REQUEST_TIMEOUT_MS = 10_000;
const CONNECTION_TIMEOUT_MS = 3_000;

/** The `requestHandler` options of an AWS SDK client, a call limited to `requestTimeoutMs`. */
export function awsRequestHandler(requestTimeoutMs = DEFAULT_AWS_REQUEST_TIMEOUT_MS): {
  readonly requestTimeout: number;
  readonly connectionTimeout: number;
  readonly throwOnRequestTimeout: true;
} {
  return {
    requestTimeout: requestTimeoutMs,
    connectionTimeout: Math.min(CONNECTION_TIMEOUT_MS, requestTimeoutMs),
    // Without it the handler only logs a warning once the time is up, and goes on waiting.
    throwOnRequestTimeout: true,
  };
}
