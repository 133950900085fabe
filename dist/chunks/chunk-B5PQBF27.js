import { createRequire as __ciScalerRequire } from 'node:module'; import { fileURLToPath as __ciScalerPath } from 'node:url'; const require = __ciScalerRequire(import.meta.url); const __filename = __ciScalerPath(import.meta.url); const __dirname = __ciScalerPath(new URL('.', import.meta.url));
import {
  __commonJS,
  __require
} from "./chunk-V2WJHRHK.js";

// builtin:events
var require_events = __commonJS({
  "builtin:events"(exports, module) {
    module.exports = __require("node:events");
  }
});

// builtin:util
var require_util = __commonJS({
  "builtin:util"(exports, module) {
    module.exports = __require("node:util");
  }
});

export {
  require_events,
  require_util
};
