import { createRequire as __ciScalerRequire } from 'node:module'; import { fileURLToPath as __ciScalerPath } from 'node:url'; const require = __ciScalerRequire(import.meta.url); const __filename = __ciScalerPath(import.meta.url); const __dirname = __ciScalerPath(new globalThis.URL('.', import.meta.url));

// src/state/json-value.ts
function assertJsonValue(value, what) {
  check(value, what, /* @__PURE__ */ new Set());
}
function check(value, path, ancestors) {
  if (value === null || typeof value === "string" || typeof value === "boolean") return;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError(`${path} is ${value}, which JSON cannot hold`);
    return;
  }
  if (typeof value !== "object") {
    throw new TypeError(`${path} is ${typeof value}, which JSON cannot hold (omit the property instead)`);
  }
  if (ancestors.has(value)) throw new TypeError(`${path} refers to itself`);
  ancestors.add(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) check(value[i], `${path}[${i}]`, ancestors);
  } else {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      throw new TypeError(`${path} is ${Object.prototype.toString.call(value)}, not a plain object`);
    }
    for (const [key, item] of Object.entries(value)) check(item, `${path}.${key}`, ancestors);
  }
  ancestors.delete(value);
}

// src/state/store-checks.ts
function checkName(what, value) {
  if (typeof value !== "string" || value === "") throw new TypeError(`${what} must be a non-empty string`);
}
function checkVersion(version) {
  if (version === "any") return;
  if (!Number.isSafeInteger(version) || version < 0) {
    throw new RangeError(`expectedVersion must be an integer >= 0, got ${version}`);
  }
}
function checkLimit(limit) {
  if (!Number.isSafeInteger(limit) || limit < 0) {
    throw new RangeError(`history limit must be an integer >= 0, got ${limit}`);
  }
}
function checkTtl(ttlMs) {
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) throw new RangeError(`lock ttlMs must be > 0, got ${ttlMs}`);
}

export {
  assertJsonValue,
  checkName,
  checkVersion,
  checkLimit,
  checkTtl
};
