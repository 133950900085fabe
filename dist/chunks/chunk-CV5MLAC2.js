import { createRequire as __ciScalerRequire } from 'node:module'; import { fileURLToPath as __ciScalerPath } from 'node:url'; const require = __ciScalerRequire(import.meta.url); const __filename = __ciScalerPath(import.meta.url); const __dirname = __ciScalerPath(new globalThis.URL('.', import.meta.url));

// src/providers/aws-request-handler.ts
var CONNECTION_TIMEOUT_MS = 3e3;
function awsRequestHandler(requestTimeoutMs) {
  return {
    requestTimeout: requestTimeoutMs,
    connectionTimeout: Math.min(CONNECTION_TIMEOUT_MS, requestTimeoutMs),
    // Since @smithy/node-http-handler 4.4.0 the handler without it only logs a warning once
    // the time is up, and goes on waiting.
    throwOnRequestTimeout: true
  };
}

export {
  awsRequestHandler
};
