import { createRequire as __ciScalerRequire } from 'node:module'; import { fileURLToPath as __ciScalerPath } from 'node:url'; const require = __ciScalerRequire(import.meta.url); const __filename = __ciScalerPath(import.meta.url); const __dirname = __ciScalerPath(new globalThis.URL('.', import.meta.url));
import {
  MemoryStore,
  createMemoryStore,
  memoryBackend
} from "./chunk-RULJE7QU.js";
import "./chunk-AUBPUJTY.js";
import "./chunk-S7GB7FJG.js";
import "./chunk-RTACFQLZ.js";
export {
  MemoryStore,
  createMemoryStore,
  memoryBackend
};
