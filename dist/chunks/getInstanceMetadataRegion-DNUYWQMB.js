import { createRequire as __ciScalerRequire } from 'node:module'; import { fileURLToPath as __ciScalerPath } from 'node:url'; const require = __ciScalerRequire(import.meta.url); const __filename = __ciScalerPath(import.meta.url); const __dirname = __ciScalerPath(new globalThis.URL('.', import.meta.url));
import {
  __commonJS,
  __require
} from "./chunk-M2JWUYOJ.js";

// builtin:node_modules/@smithy/core/dist-es/submodules/config/config-resolver/regionConfig/getInstanceMetadataRegion.js needs http
var require_getInstanceMetadataRegion = __commonJS({
  "builtin:node_modules/@smithy/core/dist-es/submodules/config/config-resolver/regionConfig/getInstanceMetadataRegion.js needs http"(exports, module) {
    module.exports = __require("node:http");
  }
});
export default require_getInstanceMetadataRegion();
