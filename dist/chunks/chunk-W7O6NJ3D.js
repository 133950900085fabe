import { createRequire as __ciScalerRequire } from 'node:module'; import { fileURLToPath as __ciScalerPath } from 'node:url'; const require = __ciScalerRequire(import.meta.url); const __filename = __ciScalerPath(import.meta.url); const __dirname = __ciScalerPath(new URL('.', import.meta.url));
import {
  __commonJS,
  __require
} from "./chunk-V2WJHRHK.js";

// builtin:path
var require_path = __commonJS({
  "builtin:path"(exports, module) {
    module.exports = __require("node:path");
  }
});

// builtin:os
var require_os = __commonJS({
  "builtin:os"(exports, module) {
    module.exports = __require("node:os");
  }
});

export {
  require_path,
  require_os
};
