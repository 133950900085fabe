import { createRequire as __ciScalerRequire } from 'node:module'; import { fileURLToPath as __ciScalerPath } from 'node:url'; const require = __ciScalerRequire(import.meta.url); const __filename = __ciScalerPath(import.meta.url); const __dirname = __ciScalerPath(new URL('.', import.meta.url));
import {
  __commonJS,
  __require
} from "./chunk-V2WJHRHK.js";

// builtin:fs/promises
var require_promises = __commonJS({
  "builtin:fs/promises"(exports, module) {
    module.exports = __require("node:fs/promises");
  }
});

export {
  require_promises
};
