import { createRequire as __ciScalerRequire } from 'node:module'; import { fileURLToPath as __ciScalerPath } from 'node:url'; const require = __ciScalerRequire(import.meta.url); const __filename = __ciScalerPath(import.meta.url); const __dirname = __ciScalerPath(new globalThis.URL('.', import.meta.url));
import {
  MemoryStore,
  createMemoryStore,
  memoryBackend
} from "./chunk-UUJJ267T.js";
import "./chunk-E2SBQWEI.js";
import "./chunk-XBKYJLAA.js";
import "./chunk-S7GB7FJG.js";
import "./chunk-M2JWUYOJ.js";
export {
  MemoryStore,
  createMemoryStore,
  memoryBackend
};
