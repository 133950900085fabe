import { createRequire as __ciScalerRequire } from 'node:module'; import { fileURLToPath as __ciScalerPath } from 'node:url'; const require = __ciScalerRequire(import.meta.url); const __filename = __ciScalerPath(import.meta.url); const __dirname = __ciScalerPath(new globalThis.URL('.', import.meta.url));

// src/core/labels.ts
function labelsMatch(jobLabels, poolLabels) {
  if (jobLabels.length === 0) return true;
  let answers = matched.get(jobLabels);
  const known = answers?.get(poolLabels);
  if (known !== void 0) return known;
  const have = lowered(poolLabels);
  const answer = jobLabels.every((l) => have.has(l.toLowerCase()));
  if (answers === void 0) {
    answers = /* @__PURE__ */ new WeakMap();
    matched.set(jobLabels, answers);
  }
  answers.set(poolLabels, answer);
  return answer;
}
var matched = /* @__PURE__ */ new WeakMap();
function isSelection(label, selection) {
  const eq = label.indexOf("=");
  return eq > 0 && selection.includes(label.slice(0, eq).toLowerCase());
}
function selectionLabelsOf(jobLabels, selection) {
  return selection === void 0 ? [] : jobLabels.filter((l) => isSelection(l, selection));
}
function poolLabelsMatch(jobLabels, poolLabels, selection) {
  if (labelsMatch(jobLabels, poolLabels)) return true;
  if (selection === void 0 || selection.length === 0) return false;
  return labelsMatch(
    jobLabels.filter((l) => !isSelection(l, selection)),
    poolLabels
  );
}
var loweredSets = /* @__PURE__ */ new WeakMap();
function lowered(labels) {
  let set = loweredSets.get(labels);
  if (set === void 0) {
    set = new Set(labels.map((l) => l.toLowerCase()));
    loweredSets.set(labels, set);
  }
  return set;
}
function coveredPools(pools) {
  const out = [];
  for (const a of pools)
    for (const b of pools) {
      if (a === b || a.labels === void 0 || b.labels === void 0 || a.labels.length === 0) continue;
      if (labelsMatch(a.labels, b.labels))
        out.push({ pool: a.name, labels: a.labels, by: b.name, byLabels: b.labels });
    }
  return out;
}

export {
  selectionLabelsOf,
  poolLabelsMatch,
  coveredPools
};
