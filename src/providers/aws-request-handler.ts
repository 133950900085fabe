/** A connection that takes longer than this to open is not coming. */
const CONNECTION_TIMEOUT_MS = 3_000;

/**
 * The `requestHandler` options of an AWS SDK client: one call limited to `requestTimeoutMs`
 * (the provider's `requestTimeout`). Without a limit a half-open connection holds a
 * reconcile, and the pool lock it took, forever: the SDK's default handler waits on a
 * socket with no deadline. A call that times out fails as a network error
 * (`TimeoutError`), which the SDK retries and the provider maps as retryable.
 * https://docs.aws.amazon.com/AWSJavaScriptSDK/v3/latest/Package/-smithy-node-http-handler
 */
export function awsRequestHandler(requestTimeoutMs: number): {
  readonly requestTimeout: number;
  readonly connectionTimeout: number;
  readonly throwOnRequestTimeout: true;
} {
  return {
    requestTimeout: requestTimeoutMs,
    connectionTimeout: Math.min(CONNECTION_TIMEOUT_MS, requestTimeoutMs),
    // Since @smithy/node-http-handler 4.4.0 the handler without it only logs a warning once
    // the time is up, and goes on waiting.
    throwOnRequestTimeout: true,
  };
}
