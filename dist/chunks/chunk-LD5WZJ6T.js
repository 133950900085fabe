import { createRequire as __ciScalerRequire } from 'node:module'; const require = __ciScalerRequire(import.meta.url);

// src/core/labels.ts
function labelsMatch(jobLabels, poolLabels) {
  const have = new Set(poolLabels.map((l) => l.toLowerCase()));
  return jobLabels.every((l) => have.has(l.toLowerCase()));
}

export {
  labelsMatch
};
