import { createRequire as __ciScalerRequire } from 'node:module'; import { fileURLToPath as __ciScalerPath } from 'node:url'; const require = __ciScalerRequire(import.meta.url); const __filename = __ciScalerPath(import.meta.url); const __dirname = __ciScalerPath(new URL('.', import.meta.url));
import {
  __commonJS,
  __require
} from "./chunk-V2WJHRHK.js";

// builtin:stream
var require_stream = __commonJS({
  "builtin:stream"(exports, module) {
    module.exports = __require("node:stream");
  }
});

// builtin:http2
var require_http2 = __commonJS({
  "builtin:http2"(exports, module) {
    module.exports = __require("node:http2");
  }
});

// builtin:url
var require_url = __commonJS({
  "builtin:url"(exports, module) {
    module.exports = __require("node:url");
  }
});

// builtin:zlib
var require_zlib = __commonJS({
  "builtin:zlib"(exports, module) {
    module.exports = __require("node:zlib");
  }
});

// builtin:assert
var require_assert = __commonJS({
  "builtin:assert"(exports, module) {
    module.exports = __require("node:assert");
  }
});

export {
  require_url,
  require_stream,
  require_assert,
  require_zlib,
  require_http2
};
