import { createRequire as __ciScalerRequire } from 'node:module'; import { fileURLToPath as __ciScalerPath } from 'node:url'; const require = __ciScalerRequire(import.meta.url); const __filename = __ciScalerPath(import.meta.url); const __dirname = __ciScalerPath(new globalThis.URL('.', import.meta.url));
import {
  MemoryStore,
  createMemoryStore,
  memoryBackend
} from "./chunk-TZV3MD3W.js";
import "./chunk-3HSEEITY.js";
import "./chunk-XBKYJLAA.js";
import "./chunk-XC5OKA23.js";
import "./chunk-346N7LIJ.js";
import "./chunk-M2JWUYOJ.js";
export {
  MemoryStore,
  createMemoryStore,
  memoryBackend
};
