import { createRequire as __ciScalerRequire } from 'node:module'; import { fileURLToPath as __ciScalerPath } from 'node:url'; const require = __ciScalerRequire(import.meta.url); const __filename = __ciScalerPath(import.meta.url); const __dirname = __ciScalerPath(new globalThis.URL('.', import.meta.url));
import {
  ConflictError
} from "./chunk-S7GB7FJG.js";

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

// src/state/state-data.ts
function emptyStateData() {
  return { docs: /* @__PURE__ */ new Map(), locks: /* @__PURE__ */ new Map(), history: /* @__PURE__ */ new Map() };
}
function putDoc(data, key, value, expectedVersion) {
  checkName("key", key);
  checkVersion(expectedVersion);
  const found = data.docs.get(key)?.version ?? 0;
  if (expectedVersion !== "any" && found !== expectedVersion) {
    throw new ConflictError(`put "${key}": expected version ${expectedVersion}, found ${found}`);
  }
  const version = found + 1;
  data.docs.set(key, { value, version });
  return { result: version, changed: true };
}
function deleteDoc(data, key, expectedVersion) {
  checkName("key", key);
  checkVersion(expectedVersion);
  const current = data.docs.get(key);
  if (current === void 0) return { result: void 0, changed: false };
  if (expectedVersion !== "any" && current.version !== expectedVersion) {
    throw new ConflictError(`delete "${key}": expected version ${expectedVersion}, found ${current.version}`);
  }
  data.docs.delete(key);
  return { result: void 0, changed: true };
}
function takeLock(data, clock, name, owner, ttlMs) {
  checkName("lock name", name);
  checkName("lock owner", owner);
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) throw new RangeError(`lock ttlMs must be > 0, got ${ttlMs}`);
  const now = clock();
  const held = data.locks.get(name);
  if (held !== void 0 && held.owner !== owner && now < held.expiresAt) {
    return { result: void 0, changed: false };
  }
  const expiresAt = now + ttlMs;
  data.locks.set(name, { owner, expiresAt });
  return { result: { name, owner, expiresAt }, changed: true };
}
function releaseLock(data, name, owner) {
  checkName("lock name", name);
  checkName("lock owner", owner);
  if (data.locks.get(name)?.owner !== owner) return { result: void 0, changed: false };
  data.locks.delete(name);
  return { result: void 0, changed: true };
}
function appendEntry(data, entry, limit) {
  checkName("history pool", entry.pool);
  checkLimit(limit);
  const entries = data.history.get(entry.pool) ?? [];
  entries.push(entry);
  entries.splice(0, Math.max(0, entries.length - limit));
  if (entries.length === 0) data.history.delete(entry.pool);
  else data.history.set(entry.pool, entries);
  return { result: void 0, changed: true };
}
function listEntries(data, pool, limit) {
  checkLimit(limit);
  const entries = data.history.get(pool) ?? [];
  return entries.slice(Math.max(0, entries.length - limit));
}
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

export {
  assertJsonValue,
  emptyStateData,
  putDoc,
  deleteDoc,
  takeLock,
  releaseLock,
  appendEntry,
  listEntries
};
