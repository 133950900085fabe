import { createRequire as __ciScalerRequire } from 'node:module'; import { fileURLToPath as __ciScalerPath } from 'node:url'; const require = __ciScalerRequire(import.meta.url); const __filename = __ciScalerPath(import.meta.url); const __dirname = __ciScalerPath(new globalThis.URL('.', import.meta.url));

// src/providers/aws-request-handler.ts
var DEFAULT_AWS_REQUEST_TIMEOUT_MS = 1e4;
var CONNECTION_TIMEOUT_MS = 3e3;
function awsRequestHandler(requestTimeoutMs = DEFAULT_AWS_REQUEST_TIMEOUT_MS) {
  return {
    requestTimeout: requestTimeoutMs,
    connectionTimeout: Math.min(CONNECTION_TIMEOUT_MS, requestTimeoutMs),
    // Without it the handler only logs a warning once the time is up, and goes on waiting.
    throwOnRequestTimeout: true
  };
}

export {
  awsRequestHandler
};
