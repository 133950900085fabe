import { createRequire as __ciScalerRequire } from 'node:module'; import { fileURLToPath as __ciScalerPath } from 'node:url'; const require = __ciScalerRequire(import.meta.url); const __filename = __ciScalerPath(import.meta.url); const __dirname = __ciScalerPath(new globalThis.URL('.', import.meta.url));

// src/sim/report-format.ts
var formats = /* @__PURE__ */ new Map();
function formatNumber(value, digits = 0) {
  let format = formats.get(digits);
  if (format === void 0) {
    format = new Intl.NumberFormat("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
    formats.set(digits, format);
  }
  return format.format(value);
}
function formatHours(seconds) {
  return formatNumber(seconds / 3600, 1);
}
function formatWait(seconds) {
  return formatNumber(seconds, seconds < 10 ? 1 : 0);
}
var WAIT_KEYS = ["p50", "p95", "p99", "max"];
function waitTexts(wait) {
  return WAIT_KEYS.map((k) => wait.count === 0 ? "\u2013" : formatWait(wait[k]));
}
function formatPercent(part, whole) {
  return whole > 0 ? `${formatNumber(100 * part / whole, 1)} %` : "\u2013";
}
function formatSpan(seconds) {
  if (seconds < 120) return `${formatNumber(seconds)} s`;
  const minutes = Math.round(seconds / 60);
  const d = Math.floor(minutes / 1440);
  const h = Math.floor(minutes % 1440 / 60);
  const m = minutes % 60;
  const parts = [d > 0 ? `${d} d` : "", d > 0 || h > 0 ? `${h} h` : "", `${m} min`];
  return parts.filter((p) => p !== "").join(" ");
}
function labelSets(unmatched, shown = 5) {
  const sets = unmatched.byLabels.slice(0, shown).map(
    (u) => `${u.labels.length === 0 ? "Terraform runs (no labels)" : `[${u.labels.join(", ")}]`} x${u.jobs}`
  );
  const more = unmatched.byLabels.length - shown;
  return more > 0 ? `${sets.join(", ")} and ${more} more` : sets.join(", ");
}

export {
  formatNumber,
  formatHours,
  formatWait,
  WAIT_KEYS,
  waitTexts,
  formatPercent,
  formatSpan,
  labelSets
};
