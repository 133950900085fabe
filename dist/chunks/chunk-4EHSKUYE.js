import { createRequire as __ciScalerRequire } from 'node:module'; import { fileURLToPath as __ciScalerPath } from 'node:url'; const require = __ciScalerRequire(import.meta.url); const __filename = __ciScalerPath(import.meta.url); const __dirname = __ciScalerPath(new globalThis.URL('.', import.meta.url));
import {
  __commonJS,
  __require,
  __toESM
} from "./chunk-M2JWUYOJ.js";

// builtin:src/sources/client-key.ts needs crypto
var require_client_key = __commonJS({
  "builtin:src/sources/client-key.ts needs crypto"(exports, module) {
    module.exports = __require("node:crypto");
  }
});

// src/sources/client-key.ts
var import_node_crypto = __toESM(require_client_key(), 1);
function clientKey(scope, credentials) {
  const digest = (0, import_node_crypto.createHash)("sha256").update(JSON.stringify(credentials)).digest("hex").slice(0, 16);
  return `${scope}#${digest}`;
}

export {
  clientKey
};
