import { createRequire as __ciScalerRequire } from 'node:module'; import { fileURLToPath as __ciScalerPath } from 'node:url'; const require = __ciScalerRequire(import.meta.url); const __filename = __ciScalerPath(import.meta.url); const __dirname = __ciScalerPath(new globalThis.URL('.', import.meta.url));
import {
  appendEntry,
  deleteDoc,
  emptyStateData,
  listEntries,
  putDoc,
  releaseLock,
  takeLock
} from "./chunk-3HSEEITY.js";
import {
  assertJsonValue
} from "./chunk-XBKYJLAA.js";
import "./chunk-XC5OKA23.js";
import {
  StateError
} from "./chunk-346N7LIJ.js";
import "./chunk-M2JWUYOJ.js";

// src/state/memory/memory-store.ts
function copy(value) {
  return JSON.parse(JSON.stringify(value));
}
var ALL = /* @__PURE__ */ new Set(["compare-and-set", "locks", "history"]);
var MemoryStore = class {
  type = "memory";
  capabilities = ALL;
  clock;
  data = emptyStateData();
  closed = false;
  copy;
  check;
  constructor(options) {
    this.clock = options.clock;
    const isolate = options.isolate !== false;
    this.copy = isolate ? copy : (value) => value;
    this.check = isolate ? assertJsonValue : () => void 0;
  }
  get(key) {
    return this.run(() => {
      const doc = this.data.docs.get(key);
      return doc === void 0 ? void 0 : { value: this.copy(doc.value), version: doc.version };
    });
  }
  put(key, value, expectedVersion) {
    return this.run(() => {
      this.check(value, "value");
      return putDoc(this.data, key, this.copy(value), expectedVersion, this.clock()).result;
    });
  }
  delete(key, expectedVersion) {
    return this.run(() => deleteDoc(this.data, key, expectedVersion, this.clock()).result);
  }
  lock(name, owner, ttlMs) {
    return this.run(() => takeLock(this.data, this.clock, name, owner, ttlMs).result);
  }
  release(name, owner) {
    return this.run(() => releaseLock(this.data, name, owner).result);
  }
  appendHistory(entry, limit) {
    return this.run(() => {
      this.check(entry, "history entry");
      return appendEntry(this.data, this.copy(entry), limit).result;
    });
  }
  listHistory(pool, limit) {
    return this.run(() => this.copy(listEntries(this.data, pool, limit)));
  }
  close() {
    this.closed = true;
    return Promise.resolve();
  }
  /** Runs `fn` as a promise, so a thrown error arrives as a rejection like in other stores. */
  run(fn) {
    return Promise.resolve().then(() => {
      if (this.closed) throw new StateError("memory state store is closed");
      return fn();
    });
  }
};
function createMemoryStore(options) {
  return new MemoryStore(options);
}
var memoryBackend = {
  type: "memory",
  create: (_config, deps) => new MemoryStore({ clock: deps.clock })
};
export {
  MemoryStore,
  createMemoryStore,
  memoryBackend
};
