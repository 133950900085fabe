import { createRequire as __ciScalerRequire } from 'node:module'; import { fileURLToPath as __ciScalerPath } from 'node:url'; const require = __ciScalerRequire(import.meta.url); const __filename = __ciScalerPath(import.meta.url); const __dirname = __ciScalerPath(new globalThis.URL('.', import.meta.url));
import {
  InputError
} from "./chunk-S7GB7FJG.js";

// src/runtimes/cli-io.ts
var EXIT = { ok: 0, failure: 1, input: 2 };
function reportError(io, err) {
  io.stderr(`error: ${err instanceof Error ? err.message : String(err)}
`);
  return err instanceof InputError ? EXIT.input : EXIT.failure;
}

export {
  EXIT,
  reportError
};
