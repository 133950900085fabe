import { createRequire as __ciScalerRequire } from 'node:module'; import { fileURLToPath as __ciScalerPath } from 'node:url'; const require = __ciScalerRequire(import.meta.url); const __filename = __ciScalerPath(import.meta.url); const __dirname = __ciScalerPath(new globalThis.URL('.', import.meta.url));
import {
  __commonJS,
  __require
} from "./chunk-M2JWUYOJ.js";

// builtin:node_modules/@aws/lambda-invoke-store/dist-es/invoke-store.js needs async_hooks
var require_invoke_store = __commonJS({
  "builtin:node_modules/@aws/lambda-invoke-store/dist-es/invoke-store.js needs async_hooks"(exports, module) {
    module.exports = __require("node:async_hooks");
  }
});
export default require_invoke_store();
