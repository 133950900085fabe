import { createRequire as __ciScalerRequire } from 'node:module'; import { fileURLToPath as __ciScalerPath } from 'node:url'; const require = __ciScalerRequire(import.meta.url); const __filename = __ciScalerPath(import.meta.url); const __dirname = __ciScalerPath(new globalThis.URL('.', import.meta.url));
import {
  InputError,
  errorMessage
} from "./chunk-346N7LIJ.js";

// src/runtimes/cli-io.ts
var EXIT = { ok: 0, failure: 1, input: 2 };
function reportError(io, err) {
  io.stderr(`error: ${errorMessage(err)}
`);
  return err instanceof InputError ? EXIT.input : EXIT.failure;
}

export {
  EXIT,
  reportError
};
