import { createRequire as __ciScalerRequire } from 'node:module'; import { fileURLToPath as __ciScalerPath } from 'node:url'; const require = __ciScalerRequire(import.meta.url); const __filename = __ciScalerPath(import.meta.url); const __dirname = __ciScalerPath(new globalThis.URL('.', import.meta.url));
import {
  acquireFileLock,
  errorCode,
  parseStateFile,
  serializeStateFile
} from "./chunk-A5T664EH.js";
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
import {
  __commonJS,
  __require,
  __toESM
} from "./chunk-M2JWUYOJ.js";

// builtin:src/state/file/file-store.ts needs fs/promises
var require_promises = __commonJS({
  "builtin:src/state/file/file-store.ts needs fs/promises"(exports, module) {
    module.exports = __require("node:fs/promises");
  }
});

// builtin:src/state/file/file-store.ts needs path
var require_file_store = __commonJS({
  "builtin:src/state/file/file-store.ts needs path"(exports, module) {
    module.exports = __require("node:path");
  }
});

// builtin:src/state/file/atomic-write.ts needs crypto
var require_atomic_write = __commonJS({
  "builtin:src/state/file/atomic-write.ts needs crypto"(exports, module) {
    module.exports = __require("node:crypto");
  }
});

// builtin:src/state/file/atomic-write.ts needs fs/promises
var require_promises2 = __commonJS({
  "builtin:src/state/file/atomic-write.ts needs fs/promises"(exports, module) {
    module.exports = __require("node:fs/promises");
  }
});

// builtin:src/state/file/atomic-write.ts needs path
var require_atomic_write2 = __commonJS({
  "builtin:src/state/file/atomic-write.ts needs path"(exports, module) {
    module.exports = __require("node:path");
  }
});

// src/state/file/file-store.ts
var import_promises2 = __toESM(require_promises(), 1);
var import_node_path2 = __toESM(require_file_store(), 1);

// src/state/file/atomic-write.ts
var import_node_crypto = __toESM(require_atomic_write(), 1);
var import_promises = __toESM(require_promises2(), 1);
var import_node_path = __toESM(require_atomic_write2(), 1);
async function writeFileAtomic(path, text) {
  const temp = (0, import_node_path.join)((0, import_node_path.dirname)(path), `${tempPrefix(path)}${process.pid}.${(0, import_node_crypto.randomUUID)()}.tmp`);
  const handle = await (0, import_promises.open)(temp, "wx");
  try {
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await (0, import_promises.rename)(temp, path);
  } catch (error) {
    await (0, import_promises.unlink)(temp).catch(() => void 0);
    throw error;
  }
  await syncDirectory((0, import_node_path.dirname)(path));
}
async function removeTempFiles(path) {
  const pattern = new RegExp(`^${escapeRegExp(tempPrefix(path))}\\d+\\.[0-9a-f-]{36}\\.tmp$`);
  let names;
  try {
    names = await (0, import_promises.readdir)((0, import_node_path.dirname)(path));
  } catch (error) {
    if (errorCode(error) === "ENOENT") return;
    throw error;
  }
  const leftovers = names.filter((name) => pattern.test(name));
  await Promise.all(leftovers.map((name) => (0, import_promises.unlink)((0, import_node_path.join)((0, import_node_path.dirname)(path), name)).catch(() => void 0)));
}
function tempPrefix(path) {
  return `.${(0, import_node_path.basename)(path)}.`;
}
function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
async function syncDirectory(dir) {
  let handle;
  try {
    handle = await (0, import_promises.open)(dir, "r");
  } catch {
    return;
  }
  try {
    await handle.sync();
  } catch (error) {
    const code = errorCode(error);
    if (code !== "EINVAL" && code !== "EPERM" && code !== "EISDIR" && code !== "ENOTSUP") throw error;
  } finally {
    await handle.close();
  }
}

// src/state/file/file-store.ts
var ALL = /* @__PURE__ */ new Set(["compare-and-set", "locks", "history"]);
var FileStore = class {
  type = "file";
  capabilities = ALL;
  path;
  clock;
  lockTimeoutMs;
  lockStaleAfterMs;
  /** Changes from this instance run one at a time instead of racing for the lock file. */
  queue = Promise.resolve();
  tempFilesRemoved = false;
  closed = false;
  constructor(options) {
    this.path = options.path;
    this.clock = options.clock;
    this.lockTimeoutMs = options.lockTimeoutMs ?? 1e4;
    this.lockStaleAfterMs = options.lockStaleAfterMs ?? 2e3;
  }
  async get(key) {
    this.assertOpen();
    return (await this.read()).docs.get(key);
  }
  put(key, value, expectedVersion) {
    return this.change((data) => {
      assertJsonValue(value, "value");
      return putDoc(data, key, value, expectedVersion, this.clock());
    });
  }
  delete(key, expectedVersion) {
    return this.change((data) => deleteDoc(data, key, expectedVersion, this.clock()));
  }
  lock(name, owner, ttlMs) {
    return this.change((data) => takeLock(data, this.clock, name, owner, ttlMs));
  }
  release(name, owner) {
    return this.change((data) => releaseLock(data, name, owner));
  }
  appendHistory(entry, limit) {
    return this.change((data) => {
      assertJsonValue(entry, "history entry");
      return appendEntry(data, entry, limit);
    });
  }
  async listHistory(pool, limit) {
    this.assertOpen();
    return listEntries(await this.read(), pool, limit);
  }
  async close() {
    this.closed = true;
    await this.queue.catch(() => void 0);
  }
  async read() {
    let text;
    try {
      text = await (0, import_promises2.readFile)(this.path, "utf8");
    } catch (error) {
      if (errorCode(error) === "ENOENT") return emptyStateData();
      throw new StateError(`cannot read state file ${this.path}: ${String(error)}`, { cause: error });
    }
    return parseStateFile(text, this.path);
  }
  /** Changes already asked for when close() is called still run; later ones are refused. */
  change(apply) {
    if (this.closed) return Promise.reject(this.closedError());
    const run = async () => {
      await this.createDirectory();
      const lock = await acquireFileLock({
        path: `${this.path}.lock`,
        clock: this.clock,
        staleAfterMs: this.lockStaleAfterMs,
        timeoutMs: this.lockTimeoutMs
      });
      try {
        await this.removeTempFilesOnce();
        const data = await this.read();
        const { result, changed } = apply(data);
        if (changed) {
          await lock.verify();
          await this.write(data);
        }
        return result;
      } finally {
        await lock.release();
      }
    };
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => void 0);
    return next;
  }
  async write(data) {
    try {
      await writeFileAtomic(this.path, serializeStateFile(data));
    } catch (error) {
      throw new StateError(`cannot write state file ${this.path}: ${String(error)}`, { cause: error });
    }
  }
  async createDirectory() {
    try {
      await (0, import_promises2.mkdir)((0, import_node_path2.dirname)(this.path), { recursive: true });
    } catch (error) {
      throw new StateError(`cannot create the directory of state file ${this.path}: ${String(error)}`, {
        cause: error
      });
    }
  }
  async removeTempFilesOnce() {
    if (this.tempFilesRemoved) return;
    await removeTempFiles(this.path).catch(() => void 0);
    this.tempFilesRemoved = true;
  }
  assertOpen() {
    if (this.closed) throw this.closedError();
  }
  closedError() {
    return new StateError(`state store for ${this.path} is closed`);
  }
};
function createFileStore(options) {
  return new FileStore(options);
}
var fileBackend = {
  type: "file",
  create: (config, deps) => new FileStore({ path: (0, import_node_path2.resolve)(deps.cwd ?? process.cwd(), config.path), clock: deps.clock })
};
export {
  FileStore,
  createFileStore,
  fileBackend
};
