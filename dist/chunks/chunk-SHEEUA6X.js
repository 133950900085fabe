import { createRequire as __ciScalerRequire } from 'node:module'; import { fileURLToPath as __ciScalerPath } from 'node:url'; const require = __ciScalerRequire(import.meta.url); const __filename = __ciScalerPath(import.meta.url); const __dirname = __ciScalerPath(new globalThis.URL('.', import.meta.url));

// src/providers/scale-in-order.ts
function scaleInOrder(replicas) {
  const rank = (r) => r.state === "starting" ? 0 : 1;
  return replicas.filter((r) => r.state !== "stopping").sort((a, b) => rank(a) - rank(b) || b.createdAt - a.createdAt || b.id.localeCompare(a.id));
}

export {
  scaleInOrder
};
