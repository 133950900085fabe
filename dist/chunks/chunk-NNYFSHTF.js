import { createRequire as __ciScalerRequire } from 'node:module'; import { fileURLToPath as __ciScalerPath } from 'node:url'; const require = __ciScalerRequire(import.meta.url); const __filename = __ciScalerPath(import.meta.url); const __dirname = __ciScalerPath(new URL('.', import.meta.url));
import {
  __commonJS,
  __require
} from "./chunk-V2WJHRHK.js";

// builtin:fs
var require_fs = __commonJS({
  "builtin:fs"(exports, module) {
    module.exports = __require("node:fs");
  }
});

// builtin:process
var require_process = __commonJS({
  "builtin:process"(exports, module) {
    module.exports = __require("node:process");
  }
});

// builtin:buffer
var require_buffer = __commonJS({
  "builtin:buffer"(exports, module) {
    module.exports = __require("node:buffer");
  }
});

export {
  require_fs,
  require_process,
  require_buffer
};
