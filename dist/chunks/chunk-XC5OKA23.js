import { createRequire as __ciScalerRequire } from 'node:module'; import { fileURLToPath as __ciScalerPath } from 'node:url'; const require = __ciScalerRequire(import.meta.url); const __filename = __ciScalerPath(import.meta.url); const __dirname = __ciScalerPath(new globalThis.URL('.', import.meta.url));

// src/state/store.ts
var TOMBSTONE_RETENTION_MS = 60 * 6e4;

export {
  TOMBSTONE_RETENTION_MS
};
