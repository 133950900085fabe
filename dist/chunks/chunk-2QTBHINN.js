import { createRequire as __ciScalerRequire } from 'node:module'; import { fileURLToPath as __ciScalerPath } from 'node:url'; const require = __ciScalerRequire(import.meta.url); const __filename = __ciScalerPath(import.meta.url); const __dirname = __ciScalerPath(new URL('.', import.meta.url));
import {
  __commonJS,
  __require
} from "./chunk-V2WJHRHK.js";

// builtin:http
var require_http = __commonJS({
  "builtin:http"(exports, module) {
    module.exports = __require("node:http");
  }
});

// builtin:https
var require_https = __commonJS({
  "builtin:https"(exports, module) {
    module.exports = __require("node:https");
  }
});

export {
  require_https,
  require_http
};
