import { createRequire as __ciScalerRequire } from 'node:module'; import { fileURLToPath as __ciScalerPath } from 'node:url'; const require = __ciScalerRequire(import.meta.url); const __filename = __ciScalerPath(import.meta.url); const __dirname = __ciScalerPath(new globalThis.URL('.', import.meta.url));
import {
  StateError
} from "./chunk-346N7LIJ.js";
import {
  __commonJS,
  __require,
  __toESM
} from "./chunk-M2JWUYOJ.js";

// builtin:src/state/file/file-lock.ts needs crypto
var require_file_lock = __commonJS({
  "builtin:src/state/file/file-lock.ts needs crypto"(exports, module) {
    module.exports = __require("node:crypto");
  }
});

// builtin:src/state/file/file-lock.ts needs os
var require_file_lock2 = __commonJS({
  "builtin:src/state/file/file-lock.ts needs os"(exports, module) {
    module.exports = __require("node:os");
  }
});

// builtin:src/state/file/file-lock.ts needs fs/promises
var require_promises = __commonJS({
  "builtin:src/state/file/file-lock.ts needs fs/promises"(exports, module) {
    module.exports = __require("node:fs/promises");
  }
});

// src/state/file/fs-errors.ts
function errorCode(error) {
  if (typeof error !== "object" || error === null || !("code" in error)) return void 0;
  return typeof error.code === "string" ? error.code : void 0;
}
async function unlessMissing(pending) {
  try {
    return await pending;
  } catch (error) {
    if (errorCode(error) === "ENOENT") return void 0;
    throw error;
  }
}

// src/state/file/file-format.ts
var SCHEMA_VERSION = 1;
var MIGRATIONS = {
  0: (doc) => ({ locks: {}, history: {}, ...doc, schemaVersion: 1 })
};
function parseStateFile(text, path) {
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new StateError(`state file ${path} is not valid JSON (${describe(error)})`, { cause: error });
  }
  if (!isObject(parsed)) throw new StateError(`state file ${path} does not hold a JSON object`);
  return toStateData(migrate(parsed, path), path);
}
function serializeStateFile(data) {
  const doc = {
    schemaVersion: SCHEMA_VERSION,
    docs: Object.fromEntries(data.docs),
    locks: Object.fromEntries(data.locks),
    history: Object.fromEntries(data.history),
    ...data.tombstones.size > 0 && { tombstones: Object.fromEntries(data.tombstones) }
  };
  return `${JSON.stringify(doc, null, 2)}
`;
}
function migrate(doc, path) {
  let version = schemaVersionOf(doc, path);
  let current = doc;
  while (version < SCHEMA_VERSION) {
    const step = MIGRATIONS[version];
    if (step === void 0)
      throw new StateError(`state file ${path}: no migration from schemaVersion ${version}`);
    current = step(current);
    version += 1;
  }
  return current;
}
function schemaVersionOf(doc, path) {
  const version = doc["schemaVersion"];
  if (version === void 0) {
    if (isObject(doc["docs"])) return 0;
    throw new StateError(`state file ${path} has no schemaVersion and no docs: not a ci-scaler state file`);
  }
  if (typeof version !== "number" || !Number.isInteger(version) || version < 0 || version > SCHEMA_VERSION) {
    throw new StateError(
      `state file ${path} has unknown schemaVersion ${JSON.stringify(version)} (this version reads up to ${SCHEMA_VERSION})`
    );
  }
  return version;
}
function toStateData(doc, path) {
  const bad = (where) => new StateError(`state file ${path} is corrupt at ${where}`);
  const docs = /* @__PURE__ */ new Map();
  for (const [key, entry] of section(doc, "docs", bad)) {
    if (!isObject(entry) || !("value" in entry) || !isPositiveInteger(entry["version"]))
      throw bad(`docs.${key}`);
    docs.set(key, { value: entry["value"], version: entry["version"] });
  }
  const locks = /* @__PURE__ */ new Map();
  for (const [name, entry] of section(doc, "locks", bad)) {
    if (!isObject(entry) || typeof entry["owner"] !== "string" || typeof entry["expiresAt"] !== "number") {
      throw bad(`locks.${name}`);
    }
    locks.set(name, { owner: entry["owner"], expiresAt: entry["expiresAt"] });
  }
  const history = /* @__PURE__ */ new Map();
  for (const [pool, entries] of section(doc, "history", bad)) {
    if (!Array.isArray(entries) || !entries.every((e) => isObject(e) && e["pool"] === pool)) {
      throw bad(`history.${pool}`);
    }
    history.set(pool, entries);
  }
  const tombstones = /* @__PURE__ */ new Map();
  for (const [key, entry] of doc["tombstones"] === void 0 ? [] : section(doc, "tombstones", bad)) {
    if (!isObject(entry) || !isPositiveInteger(entry["version"]) || typeof entry["deletedAt"] !== "number")
      throw bad(`tombstones.${key}`);
    tombstones.set(key, { version: entry["version"], deletedAt: entry["deletedAt"] });
  }
  return { docs, locks, history, tombstones };
}
function section(doc, name, bad) {
  const value = doc[name];
  if (!isObject(value)) throw bad(name);
  return Object.entries(value);
}
function isObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
function isPositiveInteger(value) {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 1;
}
function describe(error) {
  return error instanceof Error ? error.message : String(error);
}

// src/state/file/file-lock.ts
var import_node_crypto = __toESM(require_file_lock(), 1);
var import_node_os = __toESM(require_file_lock2(), 1);
var import_promises = __toESM(require_promises(), 1);
var DEFAULT_LEASE_MS = 6e4;
var FIRST_DELAY_MS = 2;
var MAX_DELAY_MS = 50;
async function acquireFileLock(options) {
  const { path, clock, timeoutMs } = options;
  const token = (0, import_node_crypto.randomUUID)();
  let waited = 0;
  let delay = FIRST_DELAY_MS;
  let unreadable;
  for (; ; ) {
    const content = JSON.stringify({
      pid: process.pid,
      host: (0, import_node_os.hostname)(),
      token,
      expiresAt: clock() + (options.leaseMs ?? DEFAULT_LEASE_MS)
    });
    if (await tryCreate(path, content)) return heldLock(path, token);
    const holder = await readHolder(path);
    if (holder === void 0) continue;
    if (holder.expiresAt === void 0 && unreadable?.raw !== holder.raw)
      unreadable = { raw: holder.raw, since: waited };
    if (isStale(holder, options, waited - (unreadable?.since ?? waited))) {
      await takeOver(path, holder, token);
      continue;
    }
    if (waited >= timeoutMs) {
      const who = holder.pid === void 0 ? "an unknown process" : `pid ${holder.pid} on ${holder.host ?? "?"}`;
      throw new StateError(`timed out after ${timeoutMs} ms waiting for lock file ${path}, held by ${who}`);
    }
    const pause = Math.max(1, Math.min(delay * (0.5 + Math.random() / 2), timeoutMs - waited));
    await new Promise((resolve) => setTimeout(resolve, pause));
    waited += pause;
    delay = Math.min(delay * 2, MAX_DELAY_MS);
  }
}
async function tryCreate(path, content) {
  let handle;
  try {
    handle = await (0, import_promises.open)(path, "wx");
  } catch (error) {
    if (errorCode(error) === "EEXIST") return false;
    throw new StateError(`cannot create lock file ${path}: ${String(error)}`, { cause: error });
  }
  try {
    await handle.writeFile(content);
  } catch (error) {
    await handle.close().catch(() => void 0);
    await (0, import_promises.unlink)(path).catch(() => void 0);
    throw new StateError(`cannot write lock file ${path}: ${String(error)}`, { cause: error });
  }
  await handle.close();
  return true;
}
async function readHolder(path) {
  let raw;
  try {
    raw = await (0, import_promises.readFile)(path, "utf8");
  } catch (error) {
    if (errorCode(error) === "ENOENT") return void 0;
    throw new StateError(`cannot read lock file ${path}: ${String(error)}`, { cause: error });
  }
  try {
    const parsed = JSON.parse(raw);
    return {
      raw,
      ...typeof parsed["pid"] === "number" ? { pid: parsed["pid"] } : {},
      ...typeof parsed["host"] === "string" ? { host: parsed["host"] } : {},
      ...typeof parsed["token"] === "string" ? { token: parsed["token"] } : {},
      ...typeof parsed["expiresAt"] === "number" ? { expiresAt: parsed["expiresAt"] } : {}
    };
  } catch {
    return { raw };
  }
}
function isStale(holder, options, unreadableForMs) {
  if (holder.expiresAt === void 0) return unreadableForMs >= options.staleAfterMs;
  return options.clock() >= holder.expiresAt || holder.host === (0, import_node_os.hostname)() && holder.pid !== void 0 && !isAlive(holder.pid);
}
function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) !== "ESRCH";
  }
}
async function takeOver(path, stale, token) {
  const aside = `${path}.${token}.stale`;
  try {
    await (0, import_promises.rename)(path, aside);
  } catch (error) {
    if (errorCode(error) === "ENOENT") return;
    throw new StateError(`cannot take over stale lock file ${path}: ${String(error)}`, { cause: error });
  }
  const moved = await (0, import_promises.readFile)(aside, "utf8").catch(() => void 0);
  if (moved !== stale.raw) await (0, import_promises.link)(aside, path).catch(() => void 0);
  await (0, import_promises.unlink)(aside).catch(() => void 0);
}
function heldLock(path, token) {
  const holds = async () => (await readHolder(path))?.token === token;
  return {
    async verify() {
      if (!await holds()) throw new StateError(`lock file ${path} was taken over by another process`);
    },
    async release() {
      if (!await holds()) return;
      try {
        await (0, import_promises.unlink)(path);
      } catch (error) {
        if (errorCode(error) !== "ENOENT") {
          throw new StateError(`cannot remove lock file ${path}: ${String(error)}`, { cause: error });
        }
      }
    }
  };
}

export {
  errorCode,
  unlessMissing,
  parseStateFile,
  serializeStateFile,
  acquireFileLock,
  isAlive,
  takeOver
};
