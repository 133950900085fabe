import { createRequire as __ciScalerRequire } from 'node:module'; import { fileURLToPath as __ciScalerPath } from 'node:url'; const require = __ciScalerRequire(import.meta.url); const __filename = __ciScalerPath(import.meta.url); const __dirname = __ciScalerPath(new URL('.', import.meta.url));
import {
  __commonJS,
  __require
} from "./chunk-V2WJHRHK.js";

// builtin:diagnostics_channel
var require_diagnostics_channel = __commonJS({
  "builtin:diagnostics_channel"(exports, module) {
    module.exports = __require("node:diagnostics_channel");
  }
});

// builtin:worker_threads
var require_worker_threads = __commonJS({
  "builtin:worker_threads"(exports, module) {
    module.exports = __require("node:worker_threads");
  }
});

// builtin:perf_hooks
var require_perf_hooks = __commonJS({
  "builtin:perf_hooks"(exports, module) {
    module.exports = __require("node:perf_hooks");
  }
});

export {
  require_diagnostics_channel,
  require_perf_hooks,
  require_worker_threads
};
