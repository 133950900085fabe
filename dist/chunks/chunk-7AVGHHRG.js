import { createRequire as __ciScalerRequire } from 'node:module'; import { fileURLToPath as __ciScalerPath } from 'node:url'; const require = __ciScalerRequire(import.meta.url); const __filename = __ciScalerPath(import.meta.url); const __dirname = __ciScalerPath(new globalThis.URL('.', import.meta.url));
import {
  NEVER,
  ZodISODate,
  ZodISODateTime,
  ZodISODuration,
  ZodISOTime,
  _isoDate,
  _isoDateTime,
  _isoDuration,
  _isoTime,
  int,
  number,
  string,
  union,
  url
} from "./chunk-DRG3NORQ.js";
import {
  __export
} from "./chunk-M2JWUYOJ.js";

// node_modules/zod/v4/classic/iso.js
var iso_exports = {};
__export(iso_exports, {
  ZodISODate: () => ZodISODate,
  ZodISODateTime: () => ZodISODateTime,
  ZodISODuration: () => ZodISODuration,
  ZodISOTime: () => ZodISOTime,
  date: () => date,
  datetime: () => datetime,
  duration: () => duration,
  time: () => time
});
function datetime(params) {
  return _isoDateTime(ZodISODateTime, params);
}
function date(params) {
  return _isoDate(ZodISODate, params);
}
function time(params) {
  return _isoTime(ZodISOTime, params);
}
function duration(params) {
  return _isoDuration(ZodISODuration, params);
}

// src/config/duration.ts
var UNIT_MS = { d: 864e5, h: 36e5, m: 6e4, s: 1e3, ms: 1 };
var UNIT_ORDER = ["d", "h", "m", "s", "ms"];
var UNIT_LIST = "ms, s, m, h or d";
var SECONDS = /^\d+(?:\.\d+)?$/;
var TOKEN = /(\d+(?:\.\d+)?)([^\d.]*)/y;
var EXAMPLE = "e.g. 90s, 5m, 1h30m or a number of seconds";
var DURATION_PATTERN = "^\\s*(\\d+(\\.\\d+)?(ms|s|m|h|d)?)+\\s*$";
function isUnit(text) {
  return Object.hasOwn(UNIT_MS, text);
}
function checked(ms) {
  if (ms > Number.MAX_SAFE_INTEGER) return { error: "is too large" };
  return { ms: Math.round(ms) };
}
function parseNumber(seconds) {
  if (Number.isNaN(seconds)) return { error: `must be a duration (${EXAMPLE}), got NaN` };
  if (!Number.isFinite(seconds)) return { error: "must be finite" };
  if (seconds < 0) return { error: `must not be negative (got ${seconds})` };
  return checked(seconds * 1e3);
}
function parseUnits(text) {
  TOKEN.lastIndex = 0;
  let total = 0;
  let lastRank = -1;
  while (TOKEN.lastIndex < text.length) {
    const match = TOKEN.exec(text);
    if (match === null) return { error: `is not a duration: ${JSON.stringify(text)} (${EXAMPLE})` };
    const [, amount = "", unit = ""] = match;
    if (unit === "")
      return { error: `needs a unit after ${amount} in ${JSON.stringify(text)} (${UNIT_LIST})` };
    if (!isUnit(unit))
      return { error: `has an unknown unit ${JSON.stringify(unit)} (expected ${UNIT_LIST})` };
    const rank = UNIT_ORDER.indexOf(unit);
    if (rank <= lastRank) {
      return {
        error: `must list units from largest to smallest, each once (e.g. 1h30m), got ${JSON.stringify(text)}`
      };
    }
    lastRank = rank;
    total += Number(amount) * UNIT_MS[unit];
  }
  return checked(total);
}
function parseDuration(value) {
  if (typeof value === "number") return parseNumber(value);
  const text = value.trim();
  if (text === "") return { error: `must not be empty (${EXAMPLE})` };
  if (text.startsWith("-")) return { error: `must not be negative (got ${JSON.stringify(text)})` };
  if (SECONDS.test(text)) return parseNumber(Number(text));
  return parseUnits(text);
}
function formatDuration(ms) {
  let rest = Math.max(0, Math.round(ms));
  let out = "";
  for (const unit of ["h", "m", "s", "ms"]) {
    const size = UNIT_MS[unit];
    const count2 = Math.floor(rest / size);
    if (count2 > 0) out += `${count2}${unit}`;
    rest -= count2 * size;
  }
  return out === "" ? "0s" : out;
}
var durationSchema = union([number().meta({ minimum: 0 }), string().meta({ pattern: DURATION_PATTERN })], {
  error: (issue) => issue.code === "invalid_union" ? `must be a duration (${EXAMPLE})` : void 0
}).transform((value, ctx) => {
  const result = parseDuration(value);
  if ("error" in result) {
    ctx.addIssue({ code: "custom", message: result.error, input: value });
    return NEVER;
  }
  return result.ms;
});
function durationAtLeast(minMs) {
  return durationSchema.refine((ms) => ms >= minMs, {
    message: minMs <= 1 ? "must be greater than 0" : `must be at least ${formatDuration(minMs)}`
  });
}

// src/config/fields.ts
var nonEmptyString = string().min(1);
var count = int().min(0);
var httpUrl = url({
  protocol: /^https?$/,
  error: (issue) => issue.code === "invalid_format" ? "must be an http:// or https:// URL" : void 0
});
var awsRegion = string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, { error: "must be an AWS region such as us-east-1" });
function awsRequestTimeout(services) {
  return durationAtLeast(1).prefault("10s").describe(
    `How long one ${services} API call may take before it is abandoned and retried; without a limit a half-open connection would hold a reconcile and its pool lock.`
  );
}
function secret(description) {
  return nonEmptyString.describe(`${description} Write it as \${env:NAME} so it stays out of the file.`);
}
function isRecord(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
function unknownTypeError(what) {
  return (issue) => {
    if (issue.code !== "invalid_union" || !("options" in issue) || !Array.isArray(issue.options))
      return void 0;
    const expected = `expected one of ${issue.options.map(String).join(", ")}`;
    const type = isRecord(issue.input) ? issue.input.type : void 0;
    if (type === void 0) return `required (${expected})`;
    return `unknown ${what} type ${JSON.stringify(type)} (${expected})`;
  };
}

export {
  iso_exports,
  parseDuration,
  formatDuration,
  durationSchema,
  durationAtLeast,
  nonEmptyString,
  count,
  httpUrl,
  awsRegion,
  awsRequestTimeout,
  secret,
  unknownTypeError
};
