import { createRequire as __ciScalerRequire } from 'node:module'; import { fileURLToPath as __ciScalerPath } from 'node:url'; const require = __ciScalerRequire(import.meta.url); const __filename = __ciScalerPath(import.meta.url); const __dirname = __ciScalerPath(new globalThis.URL('.', import.meta.url));
import {
  checkLimit,
  checkName,
  checkTtl,
  checkVersion
} from "./chunk-XBKYJLAA.js";
import {
  TOMBSTONE_RETENTION_MS
} from "./chunk-XC5OKA23.js";
import {
  ConflictError
} from "./chunk-346N7LIJ.js";

// src/state/state-data.ts
function emptyStateData() {
  return { docs: /* @__PURE__ */ new Map(), locks: /* @__PURE__ */ new Map(), history: /* @__PURE__ */ new Map(), tombstones: /* @__PURE__ */ new Map() };
}
function pruneTombstones(data, now) {
  for (const [key, t] of data.tombstones) {
    if (t.deletedAt > now - TOMBSTONE_RETENTION_MS) return;
    data.tombstones.delete(key);
  }
}
function putDoc(data, key, value, expectedVersion, now) {
  checkName("key", key);
  checkVersion(expectedVersion);
  const found = data.docs.get(key)?.version ?? 0;
  if (expectedVersion !== "any" && found !== expectedVersion) {
    throw new ConflictError(`put "${key}": expected version ${expectedVersion}, found ${found}`);
  }
  const version = (found === 0 ? data.tombstones.get(key)?.version ?? 0 : found) + 1;
  data.docs.set(key, { value, version });
  if (found === 0 && data.tombstones.delete(key)) pruneTombstones(data, now);
  return { result: version, changed: true };
}
function deleteDoc(data, key, expectedVersion, now) {
  checkName("key", key);
  checkVersion(expectedVersion);
  const current = data.docs.get(key);
  if (current === void 0) return { result: void 0, changed: false };
  if (expectedVersion !== "any" && current.version !== expectedVersion) {
    throw new ConflictError(`delete "${key}": expected version ${expectedVersion}, found ${current.version}`);
  }
  data.docs.delete(key);
  pruneTombstones(data, now);
  data.tombstones.set(key, { version: current.version, deletedAt: now });
  return { result: void 0, changed: true };
}
function takeLock(data, clock, name, owner, ttlMs) {
  checkName("lock name", name);
  checkName("lock owner", owner);
  checkTtl(ttlMs);
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

export {
  emptyStateData,
  putDoc,
  deleteDoc,
  takeLock,
  releaseLock,
  appendEntry,
  listEntries
};
