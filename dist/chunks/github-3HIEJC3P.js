import { createRequire as __ciScalerRequire } from 'node:module'; const require = __ciScalerRequire(import.meta.url);
import {
  JIT_ENV,
  githubSourceModule,
  parseWorkflowJobEvent
} from "./chunk-564OGXWT.js";
import "./chunk-YLEYHSZY.js";
import "./chunk-NE3TQXE3.js";
export {
  JIT_ENV,
  githubSourceModule,
  parseWorkflowJobEvent
};
