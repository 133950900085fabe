import { createRequire as __ciScalerRequire } from 'node:module'; import { fileURLToPath as __ciScalerPath } from 'node:url'; const require = __ciScalerRequire(import.meta.url); const __filename = __ciScalerPath(import.meta.url); const __dirname = __ciScalerPath(new globalThis.URL('.', import.meta.url));
import {
  StateError
} from "./chunk-346N7LIJ.js";

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
    history: Object.fromEntries(data.history)
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
  return { docs, locks, history };
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

export {
  parseStateFile,
  serializeStateFile
};
