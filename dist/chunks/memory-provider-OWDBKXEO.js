import { createRequire as __ciScalerRequire } from 'node:module'; import { fileURLToPath as __ciScalerPath } from 'node:url'; const require = __ciScalerRequire(import.meta.url); const __filename = __ciScalerPath(import.meta.url); const __dirname = __ciScalerPath(new globalThis.URL('.', import.meta.url));
import {
  ProviderError
} from "./chunk-346N7LIJ.js";
import "./chunk-M2JWUYOJ.js";

// src/providers/memory/memory-provider.ts
var MemoryProvider = class {
  constructor(clock) {
    this.clock = clock;
  }
  clock;
  type = "memory";
  capacity = "ephemeral";
  machines = /* @__PURE__ */ new Map();
  seq = 0;
  list(pool) {
    return Promise.resolve([...this.machines.values()].filter((m) => m.pool === pool.name));
  }
  launch(spec) {
    if (this.machines.has(spec.name)) {
      return Promise.reject(
        new ProviderError(`machine ${spec.name} exists`, { alreadyExists: true, status: 409 })
      );
    }
    const machine = {
      name: spec.name,
      pool: spec.pool,
      state: "running",
      createdAt: this.clock(),
      // Shaped like an EC2 instance id, so events that name machines by id can be tested.
      externalId: `i-${(++this.seq).toString(16).padStart(8, "0")}`,
      ...spec.jobId !== void 0 && { jobId: spec.jobId }
    };
    this.machines.set(spec.name, machine);
    return Promise.resolve(machine);
  }
  /** Marks a machine exited, as a crashed or finished container would be. */
  exit(name, exitCode) {
    const m = this.machines.get(name);
    if (m !== void 0) this.machines.set(name, { ...m, state: "exited", exitCode });
  }
  /** The cloud takes the machine back (spot interruption): exited and marked interrupted. */
  interrupt(name) {
    const m = this.machines.get(name);
    if (m !== void 0) this.machines.set(name, { ...m, state: "exited", interrupted: true });
  }
  findMachine(pool, externalId) {
    const found = [...this.machines.values()].find(
      (m) => m.externalId === externalId && m.pool === pool.name
    );
    return Promise.resolve(found);
  }
  terminate(pool, name) {
    const m = this.machines.get(name);
    if (m !== void 0 && m.pool !== pool.name) {
      return Promise.reject(
        new ProviderError(`machine ${name} belongs to pool ${m.pool}, not ${pool.name}`, { status: 403 })
      );
    }
    this.machines.delete(name);
    return Promise.resolve();
  }
};
var memoryProviderModule = {
  type: "memory",
  create: (_config, deps) => new MemoryProvider(deps.clock)
};
export {
  MemoryProvider,
  memoryProviderModule
};
