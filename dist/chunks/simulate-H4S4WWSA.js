import { createRequire as __ciScalerRequire } from 'node:module'; import { fileURLToPath as __ciScalerPath } from 'node:url'; const require = __ciScalerRequire(import.meta.url); const __filename = __ciScalerPath(import.meta.url); const __dirname = __ciScalerPath(new globalThis.URL('.', import.meta.url));
import {
  formatHours,
  formatNumber,
  formatPercent,
  formatSpan,
  labelSets,
  waitTexts
} from "./chunk-YX42SHAE.js";
import {
  GENERATED_START,
  generateTrace,
  parseTrace,
  seededRandom
} from "./chunk-NELDJQ6Y.js";
import {
  MemoryStore
} from "./chunk-TZV3MD3W.js";
import "./chunk-3HSEEITY.js";
import "./chunk-XBKYJLAA.js";
import {
  DEFAULT_CAPACITY_CLASS,
  Engine,
  POLICY_NAMES,
  PRESETS,
  assessWorkers,
  classAccepts,
  decide,
  loadConfigOffline,
  parseConfigDocument,
  silentLogger,
  toUnits,
  unsetEnvNotes,
  validateConfig,
  workerClasses
} from "./chunk-K474Y2GW.js";
import "./chunk-2PFF7OUX.js";
import {
  poolLabelsMatch
} from "./chunk-PTYMIJUA.js";
import "./chunk-XC5OKA23.js";
import {
  scaleInOrder
} from "./chunk-SHEEUA6X.js";
import "./chunk-VZT4X2BW.js";
import "./chunk-7AVGHHRG.js";
import "./chunk-DRG3NORQ.js";
import {
  InputError,
  ProviderError,
  errorMessage
} from "./chunk-346N7LIJ.js";
import {
  __commonJS,
  __require,
  __toESM
} from "./chunk-M2JWUYOJ.js";

// builtin:src/runtimes/commands/simulate.ts needs fs/promises
var require_promises = __commonJS({
  "builtin:src/runtimes/commands/simulate.ts needs fs/promises"(exports, module) {
    module.exports = __require("node:fs/promises");
  }
});

// builtin:src/runtimes/commands/simulate.ts needs path
var require_simulate = __commonJS({
  "builtin:src/runtimes/commands/simulate.ts needs path"(exports, module) {
    module.exports = __require("node:path");
  }
});

// src/runtimes/commands/simulate.ts
var import_promises = __toESM(require_promises(), 1);
var import_node_path = __toESM(require_simulate(), 1);

// src/sim/sim-pool.ts
var DEFAULT_PROTECTION_MS = 2 * 36e5;
function sampleBoot(boot, random) {
  return typeof boot === "number" ? boot : random.lognormal(boot.median, boot.p95);
}
function simPoolsOf(config) {
  return config.pools.flatMap(
    (pool) => toUnits(pool).map(({ policy, service }) => {
      const capacityClass = policy.capacityClass ?? workerClasses(pool.provider)[0] ?? DEFAULT_CAPACITY_CLASS;
      const price = pool.simulation.pricePerHour;
      const protectionMs = pool.provider.type === "ecs" ? pool.provider.protection : DEFAULT_PROTECTION_MS;
      return {
        policy,
        intervalMs: pool.interval,
        ...service !== void 0 && { service: { name: service, protectionMs } },
        // Config validation saw to a price for every class of the pool's workers.
        sim: {
          ...pool.simulation,
          capacityClass,
          pricePerHour: typeof price === "number" ? price : price[capacityClass] ?? 0
        }
      };
    })
  );
}
var systemOfPool = (policy) => policy.labels === void 0 ? "tfc" : "github";
var systemOfJob = (labels) => labels.length === 0 ? "tfc" : "github";
function canTake(policy, labels) {
  if (systemOfPool(policy) !== systemOfJob(labels)) return false;
  return policy.labels === void 0 || poolLabelsMatch(labels, policy.labels, policy.selectionLabels);
}
function poolForJob(job, pools) {
  return [...pools].sort((a, b) => a.policy.priority - b.policy.priority).find((p) => canTake(p.policy, job.labels) && classAccepts(p.policy, job.kind));
}

// src/sim/event-queue.ts
function before(a, b) {
  return a.at < b.at || a.at === b.at && a.seq < b.seq;
}
var EventQueue = class {
  heap = [];
  /** Entries of scheduleAll, in the order they run; those before `next` have run. */
  sorted = [];
  next = 0;
  seq = 0;
  get size() {
    return this.heap.length + this.sorted.length - this.next;
  }
  /** Time of the next event, or undefined when none is left. */
  peek() {
    return (this.sortedFirst() ?? this.heap[0])?.at;
  }
  /**
   * Schedules many events at once, as `schedule` would one by one (the same order, ties
   * included). For events known up front: they wait in a sorted list, not in the heap.
   */
  scheduleAll(events) {
    const added = Array.from(events, (e) => this.entry(e.at, e.run));
    const order = (a, b) => before(a, b) ? -1 : before(b, a) ? 1 : 0;
    this.sorted = [...this.sorted.slice(this.next), ...added].sort(order);
    this.next = 0;
  }
  /** Schedules `run` at `at` (to the nearest whole millisecond, see `entry`). */
  schedule(at, run) {
    const heap = this.heap;
    const entry = this.entry(at, run);
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = i - 1 >> 1;
      const p = heap[parent];
      if (p === void 0 || !before(entry, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = entry;
  }
  /**
   * `at` is taken to the nearest whole millisecond: the simulated clock ticks as Date.now()
   * does, so the engine sees instants as it does in production (sampled boot times carry
   * fractions of a millisecond). Ties run in the order scheduled (`seq`).
   */
  entry(at, run) {
    return { at: Math.round(at), seq: this.seq++, run };
  }
  pop() {
    const ahead = this.sortedFirst();
    if (ahead === void 0) return this.popHeap();
    this.next += 1;
    return ahead;
  }
  /** The sorted list's next entry when it runs before the heap's, else undefined. */
  sortedFirst() {
    const ahead = this.sorted[this.next];
    const top = this.heap[0];
    return ahead !== void 0 && (top === void 0 || before(ahead, top)) ? ahead : void 0;
  }
  popHeap() {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === void 0 || last === void 0 || heap.length === 0) return top;
    let i = 0;
    for (; ; ) {
      const l = 2 * i + 1;
      const left = heap[l];
      if (left === void 0) break;
      const right = heap[l + 1];
      const takeRight = right !== void 0 && before(right, left);
      const child = takeRight ? right : left;
      if (!before(child, last)) break;
      heap[i] = child;
      i = takeRight ? l + 1 : l;
    }
    heap[i] = last;
    return top;
  }
};

// src/sim/sim-backends.ts
function listingCalls(activeJobs) {
  return 2 + Math.ceil(activeJobs / 100);
}
var SimSource = class {
  constructor(world, system) {
    this.world = world;
    this.system = system;
    this.scope = `sim:${system}`;
  }
  world;
  system;
  type = "sim";
  /** Pools of one CI system share a listing, and rule 7 routes among them alone. */
  scope;
  apiCalls = 0;
  /** Every reconcile lists once: the loop's, and those an event starts (a runner taken by another job). */
  listings = 0;
  snapshot(_pool) {
    this.listings += 1;
    const jobs = this.world.listJobs(this.system);
    const calls = listingCalls(jobs.length);
    this.apiCalls += calls;
    return Promise.resolve({ jobs, registrations: this.world.listRegistrations(), apiCalls: calls });
  }
  register(pool, target) {
    this.apiCalls += 1;
    return settle(() => {
      this.world.register(pool.name, target.name);
      return { env: {}, secrets: [] };
    });
  }
  deregister(_pool, name) {
    this.apiCalls += 1;
    return Promise.resolve(this.world.deregister(name));
  }
};
var SimProvider = class {
  constructor(world) {
    this.world = world;
  }
  world;
  type = "sim";
  capacity = "ephemeral";
  list(pool) {
    return Promise.resolve(this.world.listMachines(pool.name));
  }
  launch(spec) {
    return settle(() => this.world.launch(spec.pool, spec.name, spec.jobId));
  }
  terminate(_pool, name) {
    this.world.terminate(name);
    return Promise.resolve();
  }
};
var SimReplicaProvider = class {
  constructor(services) {
    this.services = services;
  }
  services;
  type = "sim";
  capacity = "replica";
  describe(pool) {
    return settle(() => [this.services.describe(pool.name)]);
  }
  setDesired(pool, _service, desired) {
    return settle(() => {
      this.services.setDesired(pool.name, desired);
    });
  }
  setProtection(pool, _service, ids, protect) {
    return settle(() => this.services.setProtection(pool.name, ids, protect));
  }
  stopReplica(pool, _service, id) {
    return settle(() => {
      this.services.stop(pool.name, id);
    });
  }
};
function settle(call) {
  try {
    return Promise.resolve(call());
  } catch (err) {
    return Promise.reject(err instanceof Error ? err : new Error(String(err)));
  }
}

// src/sim/sim-services.ts
var SimServices = class {
  constructor(world, pools, now) {
    this.world = world;
    this.now = now;
    for (const p of pools) {
      if (p.service === void 0) continue;
      this.services.set(p.policy.name, {
        name: p.service.name,
        capacityClass: p.sim.capacityClass,
        protectionMs: p.service.protectionMs,
        desired: 0,
        tasks: /* @__PURE__ */ new Map(),
        protectedUntil: /* @__PURE__ */ new Map(),
        started: 0
      });
    }
    world.onMachineEnd = (m) => {
      const s = this.services.get(m.pool);
      if (s !== void 0 && s.tasks.delete(m.name)) this.ended(s, m);
    };
  }
  world;
  now;
  /** By unit (the policy name the engine schedules). */
  services = /* @__PURE__ */ new Map();
  describe(unit) {
    const s = this.serviceOf(unit);
    this.converge(unit, s);
    const replicas = this.replicasOf(s);
    const running = replicas.filter((r) => r.state === "running").length;
    return {
      name: s.name,
      capacityClass: s.capacityClass,
      desired: s.desired,
      running,
      pending: s.tasks.size - running,
      replicas
    };
  }
  setDesired(unit, desired) {
    const s = this.serviceOf(unit);
    s.desired = desired;
    this.converge(unit, s);
  }
  setProtection(unit, ids, on) {
    const s = this.serviceOf(unit);
    const done = [];
    const failed = [];
    for (const id of ids) {
      if (!s.tasks.has(id)) {
        failed.push({ id, reason: "no such task" });
        continue;
      }
      if (on) s.protectedUntil.set(id, this.now() + s.protectionMs);
      else s.protectedUntil.delete(id);
      done.push(id);
    }
    if (!on) this.converge(unit, s);
    return { done, failed };
  }
  /** Stops one task (it never became healthy); the service starts a replacement. */
  stop(unit, id) {
    if (!this.serviceOf(unit).tasks.has(id))
      throw new ProviderError(`service ${unit} has no task ${id}`, { status: 404 });
    this.world.terminate(id);
  }
  serviceOf(unit) {
    const s = this.services.get(unit);
    if (s === void 0) throw new ProviderError(`no simulated service for ${unit}`, { status: 400 });
    return s;
  }
  /** The tasks as the service lists them, with protection that still holds. */
  replicasOf(s) {
    const now = this.now();
    return [...s.tasks.values()].map((m) => {
      const until = s.protectedUntil.get(m.name);
      return {
        id: m.name,
        state: m.state === "starting" ? "starting" : "running",
        createdAt: m.launchedAt,
        ...until !== void 0 && until > now && { protectedUntil: until }
      };
    });
  }
  /**
   * Starts tasks up to the count, or stops unprotected ones down to it, in the order a
   * service that picks them itself uses (scaleInOrder). ECS chooses by placement and knows
   * nothing of jobs, so a busy task without protection may be the one it stops: that is the
   * kill the engine's protection has to prevent, and the metrics count it.
   */
  converge(unit, s) {
    while (s.tasks.size < s.desired) this.startTask(unit, s);
    if (s.tasks.size <= s.desired) return;
    const victims = scaleInOrder(this.replicasOf(s)).filter((r) => r.protectedUntil === void 0).slice(0, s.tasks.size - s.desired);
    for (const r of victims) this.world.terminate(r.id);
  }
  startTask(unit, s) {
    s.started += 1;
    const id = `${unit}-task-${s.started}`;
    this.world.register(unit, id);
    this.world.launch(unit, id, void 0);
    const m = this.world.machines.get(id);
    if (m !== void 0) s.tasks.set(id, m);
  }
  /** A task stopped: its agent is gone, and the service replaces it while the count asks. */
  ended(s, m) {
    s.protectedUntil.delete(m.name);
    this.world.deregister(m.name);
    if (m.state === "exited") this.world.terminate(m.name);
    const unit = m.pool;
    if (s.tasks.size < s.desired) this.converge(unit, s);
  }
};

// src/sim/world-records.ts
function jobView(job, waiting) {
  const state = job.state === "running" ? "running" : waiting ? "waiting" : "queued";
  const v = job.view;
  if (v !== void 0 && v.state === state && v.workerId === job.runner) return v;
  return job.view = {
    id: job.id,
    state,
    labels: job.labels,
    queuedAt: job.queuedAt,
    ...job.kind !== void 0 && { kind: job.kind },
    ...job.group !== void 0 && { group: job.group },
    ...job.runner !== void 0 && { workerId: job.runner }
  };
}
function registrationView(r) {
  const v = r.view;
  if (v !== void 0 && v.online === r.online && v.jobId === r.jobId) return v;
  return r.view = {
    name: r.name,
    online: r.online,
    busy: r.jobId !== void 0,
    ...r.jobId !== void 0 && { jobId: r.jobId }
  };
}

// src/sim/world.ts
var World = class {
  constructor(pools, queue, random, now, emit) {
    this.queue = queue;
    this.random = random;
    this.now = now;
    this.emit = emit;
    this.pools = new Map(pools.map((p) => [p.policy.name, p]));
  }
  queue;
  random;
  now;
  emit;
  jobs = /* @__PURE__ */ new Map();
  /** Every machine ever launched, for the metrics. */
  machines = /* @__PURE__ */ new Map();
  /** Machines still listed by the provider, per pool: a reconcile lists these, not all. */
  listed = /* @__PURE__ */ new Map();
  runners = /* @__PURE__ */ new Map();
  /** Jobs that ended (completed, or failed under a vanished worker), in that order, for the metrics. */
  finished = [];
  counts = { queued: 0, running: 0, booting: 0, idle: 0, busy: 0 };
  /** Groups with a running job: their other jobs wait (rule 1). */
  busyGroups = /* @__PURE__ */ new Set();
  pools;
  /** Told once when a machine stops (exit, crash at boot, removal, spot), so a service can replace it. */
  onMachineEnd = void 0;
  arrive(job) {
    if (job.group === void 0 || !this.groupActive(job.group)) job.runnableAt = this.now();
    this.jobs.set(job.id, job);
    this.counts.queued += 1;
    this.emit({ action: "queued", job: this.asJob(job) });
    this.assignJob(job);
  }
  /** Jobs queued or running, as one CI system lists them. */
  listJobs(system) {
    const out = [];
    for (const job of this.jobs.values())
      if (job.state !== "done" && systemOfJob(job.labels) === system) out.push(this.asJob(job));
    return out;
  }
  listRegistrations() {
    const out = [];
    for (const r of this.runners.values()) out.push(registrationView(r));
    return out;
  }
  register(pool, name) {
    if (this.runners.has(name))
      throw new ProviderError(`runner ${name} exists`, { alreadyExists: true, status: 409 });
    this.runners.set(name, { name, pool, online: false });
  }
  deregister(name) {
    const runner = this.runners.get(name);
    if (runner === void 0) return "absent";
    if (runner.jobId !== void 0) return "busy";
    this.runners.delete(name);
    return "removed";
  }
  listMachines(pool) {
    const out = [];
    for (const m of this.listed.get(pool) ?? []) {
      if (m.state === "gone") continue;
      out.push({
        name: m.name,
        state: m.state,
        createdAt: m.launchedAt,
        ...m.jobId !== void 0 && { jobId: m.jobId },
        ...m.exitCode !== void 0 && { exitCode: m.exitCode }
      });
    }
    return out;
  }
  launch(pool, name, jobId) {
    const spec = this.pools.get(pool);
    if (spec === void 0) throw new ProviderError(`no simulated pool ${pool}`, { status: 400 });
    if (this.machines.has(name))
      throw new ProviderError(`machine ${name} exists`, { alreadyExists: true, status: 409 });
    const m = {
      name,
      pool,
      launchedAt: this.now(),
      ...jobId !== void 0 && { jobId },
      state: "starting",
      jobsRun: 0,
      busyMs: 0,
      killedBusy: false,
      idleUntilJobMs: 0
    };
    this.machines.set(name, m);
    const listed = this.listed.get(pool) ?? /* @__PURE__ */ new Set();
    this.listed.set(pool, listed.add(m));
    this.counts.booting += 1;
    const random = this.random;
    const bootMs = sampleBoot(spec.sim.boot, random);
    const fails = random.chance(spec.sim.failAtBoot);
    this.queue.schedule(m.launchedAt + bootMs, () => {
      this.boot(m, fails);
    });
    if (spec.sim.spotInterruptionsPerHour > 0) {
      const after = random.exponential(36e5 / spec.sim.spotInterruptionsPerHour);
      this.queue.schedule(m.launchedAt + after, () => {
        if (m.endedAt === void 0) this.end(m, "gone");
      });
    }
    return { name, state: "starting", createdAt: m.launchedAt, ...jobId !== void 0 && { jobId } };
  }
  /** Removes a machine; one that runs a job is counted as a busy kill, which must never happen. */
  terminate(name) {
    const m = this.machines.get(name);
    if (m === void 0) return;
    if (m.runsJob !== void 0) m.killedBusy = true;
    this.end(m, "gone");
  }
  boot(m, fails) {
    if (m.state !== "starting") return;
    if (fails) {
      m.exitCode = 1;
      this.end(m, "exited");
      return;
    }
    this.counts.booting -= 1;
    m.state = "running";
    m.onlineAt = this.now();
    m.freeSince = m.onlineAt;
    this.counts.idle += 1;
    const runner = this.runners.get(m.name);
    if (runner === void 0) return;
    runner.online = true;
    this.assignRunner(runner);
  }
  /** A machine stops: `exited` stays listed until removed, `gone` (terminated, spot) does not. */
  end(m, state) {
    if (state === "gone") this.listed.get(m.pool)?.delete(m);
    if (m.endedAt !== void 0) {
      if (state === "gone") m.state = "gone";
      return;
    }
    const now = this.now();
    if (m.state === "starting") this.counts.booting -= 1;
    else if (m.runsJob !== void 0) this.counts.busy -= 1;
    else this.counts.idle -= 1;
    m.endedAt = now;
    m.freeSince = void 0;
    m.state = state;
    const runner = this.runners.get(m.name);
    if (runner !== void 0) runner.online = false;
    const job = m.runsJob === void 0 ? void 0 : this.jobs.get(m.runsJob);
    if (job !== void 0) this.requeue(job, m, runner);
    this.onMachineEnd?.(m);
  }
  /**
   * The job's worker vanished under it: GitHub fails the job, and a re-run queues a new
   * job (a new id, so its launches start afresh) with the same labels and duration.
   */
  requeue(job, m, runner) {
    m.busyMs += this.now() - (m.busySince ?? this.now());
    m.runsJob = void 0;
    if (runner !== void 0) delete runner.jobId;
    if (job.group !== void 0) this.busyGroups.delete(job.group);
    job.state = "done";
    this.jobs.delete(job.id);
    this.finished.push(job);
    this.counts.running -= 1;
    const { startedAt: _started, runner: _runner, view: _view, runnableAt: _runnable, ...rest } = job;
    this.arrive({
      ...rest,
      id: `${job.id}-rerun${job.interrupted + 1}`,
      queuedAt: this.now(),
      state: "queued",
      interrupted: job.interrupted + 1
    });
    if (job.group !== void 0) this.releaseGroup(job.group);
  }
  canRun(job, runner) {
    const pool = this.pools.get(runner.pool);
    return pool !== void 0 && canTake(pool.policy, job.labels);
  }
  assignJob(job) {
    if (this.waitsForGroup(job)) return;
    for (const runner of this.runners.values()) {
      if (runner.online && runner.jobId === void 0 && this.canRun(job, runner)) {
        this.start(job, runner);
        return;
      }
    }
  }
  assignRunner(runner) {
    for (const job of this.jobs.values()) {
      if (job.state !== "queued" || !this.canRun(job, runner)) continue;
      if (this.waitsForGroup(job)) continue;
      this.start(job, runner);
      return;
    }
  }
  start(job, runner) {
    const m = this.machines.get(runner.name);
    if (m === void 0) return;
    const now = this.now();
    job.state = "running";
    job.runner = runner.name;
    job.startedAt ??= now;
    runner.jobId = job.id;
    m.runsJob = job.id;
    m.busySince = now;
    if (m.freeSince !== void 0) m.idleUntilJobMs += now - m.freeSince;
    m.freeSince = void 0;
    if (job.group !== void 0) this.busyGroups.add(job.group);
    this.counts.queued -= 1;
    this.counts.running += 1;
    this.counts.idle -= 1;
    this.counts.busy += 1;
    this.emit({ action: "in_progress", job: this.asJob(job), runnerName: runner.name });
    const startedAt = now;
    this.queue.schedule(now + job.durationMs, () => {
      if (m.runsJob === job.id && job.runner === runner.name) this.complete(job, runner, m, startedAt);
    });
  }
  complete(job, runner, m, startedAt) {
    job.state = "done";
    this.jobs.delete(job.id);
    if (job.group !== void 0) this.busyGroups.delete(job.group);
    this.counts.running -= 1;
    m.busyMs += this.now() - startedAt;
    m.jobsRun += 1;
    m.runsJob = void 0;
    m.freeSince = this.now();
    this.counts.busy -= 1;
    this.counts.idle += 1;
    this.finished.push(job);
    this.emit({
      action: "completed",
      job: { ...this.asJob(job), state: "running" },
      runnerName: runner.name
    });
    const stays = this.pools.get(runner.pool)?.service !== void 0;
    if (stays) delete runner.jobId;
    else {
      this.runners.delete(runner.name);
      m.exitCode = 0;
      this.end(m, "exited");
    }
    if (job.group !== void 0) this.releaseGroup(job.group);
    if (stays && runner.jobId === void 0) this.assignRunner(runner);
  }
  /** A job of a group runs one at a time, in the order queued: behind a running one, or an older one. */
  waitsForGroup(job) {
    return job.group !== void 0 && (this.busyGroups.has(job.group) || job.runnableAt === void 0);
  }
  /** Whether a job of the group is queued or running: a newcomer waits its turn behind it. */
  groupActive(group) {
    for (const job of this.jobs.values()) if (job.group === group) return true;
    return false;
  }
  /** The next job of a group may run now. */
  releaseGroup(group) {
    for (const job of this.jobs.values()) {
      if (job.group === group && job.state === "queued") {
        job.runnableAt ??= this.now();
        this.assignJob(job);
        return;
      }
    }
  }
  asJob(job) {
    return jobView(job, job.state === "queued" && this.waitsForGroup(job));
  }
};

// src/sim/stats.ts
function percentile(sorted, p) {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(p / 100 * sorted.length)));
  return sorted[rank - 1] ?? 0;
}
function distribution(values) {
  values.sort((a, b) => a - b);
  const sum = values.reduce((a, v) => a + v, 0);
  return {
    count: values.length,
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    p99: percentile(values, 99),
    max: values.at(-1) ?? 0,
    mean: values.length === 0 ? 0 : sum / values.length
  };
}

// src/sim/world-metrics.ts
var emptyTally = () => ({
  waits: [],
  busy: 0,
  idle: 0,
  idleUntilJob: 0,
  booting: 0,
  cost: 0,
  launches: 0,
  wasted: 0,
  killed: 0,
  neverStarted: 0,
  ranElsewhere: 0,
  jobs: 0
});
function poolOf(job, world, pools) {
  if (job.runner !== void 0) return world.machines.get(job.runner)?.pool;
  return poolForJob(job, pools)?.policy.name;
}
function addMachine(t, m, endAt, price, world) {
  const end = m.endedAt ?? endAt;
  const life = end - m.launchedAt;
  const booting = (m.onlineAt ?? end) - m.launchedAt;
  const running = m.runsJob === void 0 ? void 0 : world.jobs.get(m.runsJob);
  const busy = m.busyMs + (running === void 0 || m.busySince === void 0 ? 0 : end - m.busySince);
  t.booting += booting / 1e3;
  t.busy += busy / 1e3;
  t.idle += Math.max(0, life - booting - busy) / 1e3;
  t.idleUntilJob += m.idleUntilJobMs / 1e3;
  t.cost += life / 36e5 * price;
  t.launches += 1;
  if (m.busySince === void 0) t.wasted += 1;
  if (m.killedBusy) t.killed += 1;
}
function addJob(t, job) {
  t.jobs += 1;
  if (job.startedAt === void 0) t.neverStarted += 1;
  else t.waits.push((job.startedAt - (job.runnableAt ?? job.queuedAt)) / 1e3);
}
function toMetrics(t, reconciles, apiCalls) {
  return {
    wait: distribution(t.waits),
    busySeconds: t.busy,
    idleSeconds: t.idle,
    idleUntilJobSeconds: t.idleUntilJob,
    bootingSeconds: t.booting,
    cost: t.cost,
    launches: t.launches,
    wastedLaunches: t.wasted,
    busyKilled: t.killed,
    neverStarted: t.neverStarted,
    ranElsewhere: t.ranElsewhere,
    jobs: t.jobs,
    reconciles,
    apiCalls
  };
}
function worldMetrics(world, pools, endAt, counters) {
  const tallies = new Map(pools.map((p) => [p.policy.name, emptyTally()]));
  const all = emptyTally();
  const price = new Map(pools.map((p) => [p.policy.name, p.sim.pricePerHour]));
  for (const m of world.machines.values()) {
    for (const t of [tallies.get(m.pool), all]) if (t) addMachine(t, m, endAt, price.get(m.pool) ?? 0, world);
  }
  for (const job of [...world.finished, ...world.jobs.values()]) {
    const pool = poolOf(job, world, pools);
    for (const t of [pool === void 0 ? void 0 : tallies.get(pool), all]) if (t) addJob(t, job);
    const own = poolForJob(job, pools)?.policy.name;
    if (own !== void 0 && job.startedAt !== void 0 && pool !== own) {
      for (const t of [tallies.get(own), all]) if (t) t.ranElsewhere += 1;
    }
  }
  const sum = (m) => [...m.values()].reduce((a, v) => a + v, 0);
  const perPool = {};
  for (const [name, t] of tallies)
    perPool[name] = toMetrics(t, counters.reconciles.get(name) ?? 0, counters.apiCalls.get(name) ?? 0);
  const overall = toMetrics(all, sum(counters.reconciles), sum(counters.apiCalls));
  return { pools: perPool, overall, waits: all.waits };
}

// src/sim/simulate.ts
var TAIL_MS = 15 * 6e4;
var MAX_DRAIN_MS = 24 * 36e5;
var HISTORY_LIMIT = 20;
var TIMELINE_POINTS = 600;
function wakeFor(run, pool, decision) {
  const due = decision?.launchDueAt;
  if (pool === void 0 || due === void 0 || due <= run.now) return;
  const pending = run.wakes.get(pool);
  if (pending !== void 0 && pending > run.now && pending <= due) return;
  run.wakes.set(pool, due);
  run.queue.schedule(due, async () => {
    if (run.wakes.get(pool) !== due) return;
    run.wakes.delete(pool);
    const r = await run.engine.reconcile(pool);
    wakeFor(run, pool, r.decision);
  });
}
function deliverEvents(options, random, getRun) {
  const loss = options.eventLoss ?? 0;
  const dup = options.eventDuplication ?? 0;
  return (event) => {
    if (!options.strategy.hearsEvents || systemOfJob(event.job.labels) !== "github" || random.chance(loss))
      return;
    const run = getRun();
    const copies = random.chance(dup) ? 2 : 1;
    for (let i = 0; i < copies; i++)
      run.queue.schedule(run.now, async () => {
        const r = await run.engine.handleJobEvent(event);
        wakeFor(run, r.pool, r.decision);
      });
  };
}
function build(options, start) {
  const random = seededRandom(options.seed);
  const queue = new EventQueue();
  const clock = () => run.now;
  const world = new World(
    options.pools,
    queue,
    random.fork("world"),
    clock,
    deliverEvents(options, random.fork("events"), () => run)
  );
  const services = new SimServices(world, options.pools, clock);
  const runtimes = options.pools.map((p) => ({
    policy: p.policy,
    source: new SimSource(world, systemOfPool(p.policy)),
    provider: p.service === void 0 ? new SimProvider(world) : new SimReplicaProvider(services),
    ...p.service !== void 0 && { service: p.service.name }
  }));
  const sources = new Map(runtimes.map((r) => [r.policy.name, r.source]));
  const engine = new Engine({
    pools: runtimes,
    store: new MemoryStore({ clock, isolate: options.isolateStore ?? false }),
    clock,
    logger: silentLogger,
    owner: "simulator",
    historyLimit: HISTORY_LIMIT,
    decide: options.strategy.createDecide()
  });
  const run = { queue, world, engine, sources, timeline: [], wakes: /* @__PURE__ */ new Map(), now: start };
  return run;
}
function scheduleArrivals(run, trace, start) {
  run.queue.scheduleAll(trace.jobs.map((j) => arrival(run.world, j, start)));
}
function arrival(world, j, start) {
  const at = start + j.at * 1e3;
  const job = {
    id: j.id,
    labels: j.labels,
    ...j.kind !== void 0 && { kind: j.kind },
    ...j.group !== void 0 && { group: j.group },
    durationMs: j.duration * 1e3,
    queuedAt: at,
    state: "queued",
    interrupted: 0
  };
  return {
    at,
    run: () => {
      world.arrive(job);
    }
  };
}
function scheduleReconciles(run, options, start, until) {
  options.pools.forEach((pool, i) => {
    const every = options.strategy.intervalMs ?? pool.intervalMs;
    const name = pool.policy.name;
    const tick = async () => {
      const r = await run.engine.reconcile(name);
      wakeFor(run, name, r.decision);
      if (run.now + every <= until()) run.queue.schedule(run.now + every, tick);
    };
    run.queue.schedule(start + Math.round(every * (i + 1) / (options.pools.length + 1)), tick);
  });
}
function sampleTimeline(run, start, every, until) {
  const sample = () => {
    const c = run.world.counts;
    run.timeline.push({
      t: (run.now - start) / 1e3,
      demand: c.queued + c.running,
      busy: c.busy,
      idle: c.idle,
      booting: c.booting
    });
    if (run.now + every <= until()) run.queue.schedule(run.now + every, sample);
  };
  run.queue.schedule(start, sample);
}
async function simulate(options) {
  const start = Date.parse(options.trace.start ?? GENERATED_START);
  const lastArrival = start + options.trace.jobs.reduce((m, j) => Math.max(m, j.at), 0) * 1e3;
  let endAt = lastArrival + MAX_DRAIN_MS;
  const run = build(options, start);
  scheduleArrivals(run, options.trace, start);
  scheduleReconciles(run, options, start, () => endAt);
  const span = lastArrival - start + TAIL_MS;
  sampleTimeline(
    run,
    start,
    Math.max(6e4, Math.ceil(span / TIMELINE_POINTS / 6e4) * 6e4),
    () => endAt
  );
  let steps = 0;
  for (let next = run.queue.peek(); next !== void 0 && next <= endAt; next = run.queue.peek()) {
    const event = run.queue.pop();
    if (event === void 0) break;
    run.now = event.at;
    await event.run();
    if (run.now >= lastArrival && run.world.jobs.size === 0 && endAt > run.now + TAIL_MS)
      endAt = run.now + TAIL_MS;
    if (++steps % 5e3 === 0) options.onProgress?.(Math.min(1, (run.now - start) / span));
  }
  options.onProgress?.(1);
  const apiCalls = new Map([...run.sources].map(([name, s]) => [name, s.apiCalls]));
  const reconciles = new Map([...run.sources].map(([name, s]) => [name, s.listings]));
  const metrics = worldMetrics(run.world, options.pools, endAt, { reconciles, apiCalls });
  return {
    strategy: options.strategy.name,
    describe: options.strategy.describe,
    ...metrics,
    timeline: run.timeline
  };
}

// src/sim/strategies/ci-scaler.ts
var ciScaler = {
  name: "ci-scaler",
  describe: "ci-scaler's own rules (core decide()) with webhook events and each pool's reconcile interval",
  hearsEvents: true,
  createDecide: () => decide
};
var seconds = (ms) => ms % 6e4 === 0 ? `${ms / 6e4}m` : `${ms / 1e3}s`;
function ciScalerWithPreset(preset) {
  const values = PRESETS[preset];
  return {
    name: `ci-scaler:${preset}`,
    describe: `ci-scaler's rules with the ${preset} preset on every pool (scaleDown.after ${seconds(values.scaleDownAfterMs)}, cooldown ${seconds(values.scaleDownCooldownMs)})`,
    hearsEvents: true,
    createDecide: () => (observation, policy) => decide(observation, { ...policy, ...values })
  };
}
var PRESET_VARIANTS = new Map(
  POLICY_NAMES.map((name) => {
    const s = ciScalerWithPreset(name);
    return [s.name, s];
  })
);

// src/sim/strategies/strategy.ts
function healthy(obs, policy) {
  return assessWorkers(obs, policy).healthy;
}
function countJobs(obs, state) {
  return obs.jobs.filter((j) => j.state === state).length;
}
function unboundQueued(obs) {
  const bound = new Set(obs.workers.flatMap((w) => w.jobId === void 0 ? [] : [w.jobId]));
  return obs.jobs.filter((j) => j.state === "queued" && !bound.has(j.id)).length;
}
function towards(obs, policy, target) {
  const manualTarget = Math.max(0, Math.min(policy.max, Math.round(target)));
  return decide(obs, {
    ...policy,
    mode: "manual",
    manualTarget,
    scaleUpAfterMs: 0,
    scaleDownAfterMs: 0,
    scaleDownCooldownMs: 0
  });
}

// src/sim/strategies/cron-scale-down.ts
var MIN_LIFETIME_MS = 5 * 6e4;
var cronScaleDown = {
  name: "cron-scale-down",
  describe: "launch one worker per queued event; every 5 min remove idle workers older than 5 min",
  hearsEvents: true,
  intervalMs: 5 * 6e4,
  createDecide: () => (obs, policy) => {
    const alive = healthy(obs, policy);
    if (obs.complete === false) return towards(obs, policy, alive.length + unboundQueued(obs));
    const old = alive.filter(
      (w) => w.state === "idle" && w.createdAt !== void 0 && obs.now - w.createdAt >= MIN_LIFETIME_MS
    );
    return towards(
      obs,
      { ...policy, victimOrder: "oldest" },
      Math.max(policy.min, alive.length - old.length)
    );
  }
};

// src/sim/strategies/min-plus-assigned.ts
var minPlusAssigned = {
  name: "min-plus-assigned",
  describe: "desired = min + assigned jobs (queued + in progress); a runner per job event; idle above desired go at once",
  hearsEvents: true,
  intervalMs: 3e4,
  createDecide: () => (obs, policy) => {
    if (obs.complete === false) return towards(obs, policy, healthy(obs, policy).length + unboundQueued(obs));
    return towards(obs, policy, policy.min + countJobs(obs, "queued") + countJobs(obs, "running"));
  }
};

// src/sim/strategies/poll.ts
var poll30s = {
  name: "poll-30s",
  describe: "every 30 s: desired = queued + in progress; idle workers above it go at once; no events",
  hearsEvents: false,
  intervalMs: 3e4,
  createDecide: () => (obs, policy) => towards(obs, policy, Math.max(policy.min, countJobs(obs, "queued") + countJobs(obs, "running")))
};

// src/sim/strategies/threshold.ts
var CHECK_MS = 6e4;
var COOLDOWN_MS = 5 * 6e4;
function busyShare(obs, policy) {
  const alive = healthy(obs, policy);
  if (alive.length === 0) return countJobs(obs, "queued") > 0 ? 1 : 0;
  return alive.filter((w) => w.state === "busy").length / alive.length;
}
function step(c, share2, now, bounds) {
  c.above = share2 > 0.8 ? c.above + 1 : 0;
  c.below = share2 < 0.3 ? c.below + 1 : 0;
  if (now - c.lastChange < COOLDOWN_MS) return;
  if (c.above >= 3) {
    c.target = Math.min(bounds.max, Math.max(c.target + 1, Math.ceil(c.target * 1.5)));
    c.above = 0;
    c.lastChange = now;
  } else if (c.below >= 10) {
    c.target = Math.max(bounds.min, Math.floor(c.target * 0.6));
    c.below = 0;
    c.lastChange = now;
  }
}
var threshold = {
  name: "threshold",
  describe: "every 60 s: busy share > 0.8 for 3 checks -> x1.5, < 0.3 for 10 checks -> x0.6, 5 min cooldown",
  hearsEvents: false,
  intervalMs: CHECK_MS,
  createDecide: () => {
    const counters = /* @__PURE__ */ new Map();
    return (obs, policy) => {
      const c = counters.get(policy.name) ?? {
        target: Math.max(policy.min, 1),
        above: 0,
        below: 0,
        lastChange: Number.NEGATIVE_INFINITY
      };
      counters.set(policy.name, c);
      step(c, busyShare(obs, policy), obs.now, policy);
      return towards(obs, policy, c.target);
    };
  }
};

// src/sim/strategies/index.ts
var COMPARISONS = new Map(
  [poll30s, cronScaleDown, minPlusAssigned, threshold].map((s) => [s.name, s])
);
function strategyNamed(name) {
  return COMPARISONS.get(name) ?? PRESET_VARIANTS.get(name);
}
var STRATEGY_NAMES = [...COMPARISONS.keys(), ...PRESET_VARIANTS.keys()];

// src/sim/compare.ts
function baselines(trace, pools, seed) {
  const random = seededRandom(seed).fork("cold-start");
  const waits = [];
  let coldCost = 0;
  let floor = 0;
  let busy = 0;
  for (const job of trace.jobs) {
    const pool = poolForJob(job, pools);
    if (pool === void 0) continue;
    const { boot, pricePerHour } = pool.sim;
    const bootS = sampleBoot(boot, random) / 1e3;
    waits.push(bootS);
    busy += job.duration;
    floor += job.duration / 3600 * pricePerHour;
    coldCost += (job.duration + bootS) / 3600 * pricePerHour;
  }
  return { coldStart: { wait: distribution(waits), cost: coldCost }, costFloor: floor, busySeconds: busy };
}
function splitByPool(trace, pools) {
  const jobs = [];
  const left = /* @__PURE__ */ new Map();
  for (const job of trace.jobs) {
    if (poolForJob(job, pools) !== void 0) {
      jobs.push(job);
      continue;
    }
    const key = JSON.stringify(job.labels);
    const entry = left.get(key) ?? { labels: job.labels, jobs: 0 };
    entry.jobs += 1;
    left.set(key, entry);
  }
  const byLabels = [...left.values()].sort(
    (a, b) => b.jobs - a.jobs || a.labels.join(",").localeCompare(b.labels.join(","))
  );
  return { trace: { ...trace, jobs }, unmatched: { jobs: trace.jobs.length - jobs.length, byLabels } };
}
async function compareStrategies(options) {
  const { trace, unmatched } = splitByPool(options.trace, options.pools);
  if (trace.jobs.length === 0 && unmatched.jobs > 0)
    throw new InputError(`no job in trace ${options.traceName} matches a pool's labels`, [
      { path: options.traceName, message: `labels in the trace: ${labelSets(unmatched)}` }
    ]);
  const strategies = [ciScaler, ...options.compare];
  const results = [];
  for (const [i, strategy] of strategies.entries()) {
    results.push(
      await simulate({
        ...options,
        trace,
        strategy,
        onProgress: (done) => options.onProgress?.(strategy.name, (i + done) / strategies.length)
      })
    );
  }
  const last = trace.jobs.reduce((m, j) => Math.max(m, j.at + j.duration), 0);
  return {
    version: 1,
    config: options.config,
    trace: options.traceName,
    seed: options.seed,
    jobs: trace.jobs.length,
    unmatched,
    simulatedSeconds: last,
    baselines: baselines(trace, options.pools, options.seed),
    results
  };
}

// src/sim/demo-defaults.ts
var DEMO_CONFIG = `# yaml-language-server: $schema=../../schema/ci-scaler.schema.json
#
# The config \`ci-scaler demo\` simulates (it carries a copy of this file): three pools of
# GitHub runners, told apart by their labels, with the \`simulation:\` block saying how
# their machines behave (boot time, crashes at boot, spot interruptions, price). Try
# \`ci-scaler simulate -c examples/config/demo.yaml --trace examples/traces/weekday.jsonl
#  --compare poll-30s,cron-scale-down,min-plus-assigned,threshold --report report.html\`.

pools:
  - name: linux
    source: { type: github, owner: acme, labels: [self-hosted, linux] }
    provider: { type: docker, image: ghcr.io/actions/actions-runner:latest }
    max: 40
    policy: balanced
    simulation: { boot: { median: 40s, p95: 75s }, failAtBoot: 0.01, pricePerHour: 0.10 }
  - name: large
    priority: 1
    source: { type: github, owner: acme, labels: [self-hosted, linux, large] }
    provider: { type: docker, image: ghcr.io/actions/actions-runner:latest, cpus: 8, memory: 32g }
    max: 15
    policy: balanced
    simulation: { boot: { median: 50s, p95: 90s }, failAtBoot: 0.01, pricePerHour: 0.40 }
  - name: arm64
    priority: 1
    source: { type: github, owner: acme, labels: [self-hosted, linux, arm64] }
    provider: { type: docker, image: ghcr.io/actions/actions-runner:latest }
    max: 15
    policy: balanced
    simulation:
      {
        boot: { median: 45s, p95: 80s },
        failAtBoot: 0.01,
        spotInterruptionsPerHour: 0.05,
        pricePerHour: 0.06,
      }
state: { type: memory }
`;
var DEMO_TRACE = { pattern: "weekday", jobs: 3e3, days: 7, seed: 1 };

// src/sim/format-table.ts
var HEAD = [
  "",
  "p50 s",
  "p95 s",
  "p99 s",
  "max s",
  "busy h",
  "idle h",
  "idle/busy",
  "idle to job h",
  "boot h",
  "cost",
  "launches",
  "wasted",
  "ran elsewhere",
  "busy killed",
  "never started",
  "reconciles",
  "API calls"
];
function row(name, m) {
  return [
    name,
    ...waitTexts(m.wait),
    formatHours(m.busySeconds),
    formatHours(m.idleSeconds),
    formatPercent(m.idleSeconds, m.busySeconds),
    formatHours(m.idleUntilJobSeconds),
    formatHours(m.bootingSeconds),
    formatNumber(m.cost, 2),
    formatNumber(m.launches),
    formatNumber(m.wastedLaunches),
    formatNumber(m.ranElsewhere),
    formatNumber(m.busyKilled),
    formatNumber(m.neverStarted),
    formatNumber(m.reconciles),
    formatNumber(m.apiCalls)
  ];
}
function render(rows) {
  const widths = HEAD.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  return rows.map(
    (r) => r.map((cell, i) => i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)).join("  ")
  ).join("\n");
}
function formatReport(report) {
  const { coldStart, costFloor, busySeconds } = report.baselines;
  const dash = "\u2013";
  const rows = [
    HEAD,
    ...report.results.map((r) => row(r.strategy, r.overall)),
    [
      "cold-start baseline",
      ...waitTexts(coldStart.wait),
      formatHours(busySeconds),
      "0.0",
      formatPercent(0, busySeconds),
      "0.0",
      dash,
      formatNumber(coldStart.cost, 2),
      ...Array(7).fill(dash)
    ],
    [
      "cost floor",
      dash,
      dash,
      dash,
      dash,
      formatHours(busySeconds),
      "0.0",
      dash,
      dash,
      dash,
      formatNumber(costFloor, 2),
      ...Array(7).fill(dash)
    ]
  ];
  const first = report.results[0];
  const pools = first === void 0 ? [] : Object.entries(first.pools).map(([name, m]) => row(`  ${name}`, m));
  const title = `${report.trace}: ${formatNumber(report.jobs)} jobs over ${formatSpan(report.simulatedSeconds)}, seed ${report.seed} (waits in seconds, worker time in hours)`;
  const perPool = pools.length > 0 ? `

${first?.strategy ?? ""} per pool:
${render([HEAD, ...pools])}` : "";
  return `${title}
${unmatchedNote(report)}
${render(rows)}${perPool}
${first === void 0 ? "" : ranElsewhereNote(first)}`;
}
function unmatchedNote(report) {
  const { unmatched } = report;
  if (unmatched.jobs === 0) return "";
  return `left out ${formatNumber(unmatched.jobs)} job(s) whose labels match no pool (a pool runs a job when its labels include all the job's): ${labelSets(unmatched)}
`;
}
function ranElsewhereNote(result) {
  const by = Object.entries(result.pools).filter(([, m]) => m.ranElsewhere > 0);
  if (by.length === 0) return "";
  const jobs = by.map(([pool, m]) => `${formatNumber(m.ranElsewhere)} ${pool}`).join(", ");
  return `
${result.strategy}: ${jobs} job(s) ran on another pool's runner, whose labels include theirs; the worker launched for each then waited for another job of its pool (idle to job h: that job waited no boot), or went unused (the rest of idle h, wasted). \`ci-scaler validate\` names the pools whose labels overlap.
`;
}

// src/runtimes/progress.ts
var WIDTH = 24;
function progressLine(io, label) {
  let last = "";
  let drawn = false;
  return {
    update(done, detail) {
      if (io.stderrIsTTY === true) {
        const filled = Math.round(Math.min(1, Math.max(0, done)) * WIDTH);
        const bar = `${"#".repeat(filled)}${".".repeat(WIDTH - filled)}`;
        io.stderr(`\r${label} [${bar}] ${Math.round(done * 100)}% ${detail}\x1B[K`);
        drawn = true;
      } else if (detail !== last) {
        io.stderr(`${label}: ${detail}
`);
      }
      last = detail;
    },
    done() {
      if (drawn) io.stderr("\n");
    }
  };
}

// src/runtimes/commands/simulate.ts
function share(text, option, problems) {
  if (text === void 0) return 0;
  const n = Number(text);
  if (text.trim() === "" || !Number.isFinite(n) || n < 0 || n > 1)
    problems.push({ path: option, message: `must be a share between 0 and 1 (got "${text}")` });
  return n;
}
function parseOptions(opts) {
  const problems = [];
  const names = (opts.compare ?? "").split(",").map((s) => s.trim()).filter((s) => s !== "");
  const compare = names.flatMap((name) => {
    const strategy = strategyNamed(name);
    if (strategy === void 0)
      problems.push({
        path: "--compare",
        message: `unknown strategy "${name}" (one of ${STRATEGY_NAMES.join(", ")})`
      });
    return strategy === void 0 ? [] : [strategy];
  });
  const seed = opts.seed === void 0 ? 1 : Number(opts.seed);
  if (!Number.isSafeInteger(seed) || seed < 0)
    problems.push({ path: "--seed", message: `must be a whole number >= 0 (got "${opts.seed ?? ""}")` });
  const eventLoss = share(opts.eventLoss, "--event-loss", problems);
  const eventDuplication = share(opts.eventDuplication, "--event-duplication", problems);
  if (problems.length > 0) throw new InputError("invalid options", problems);
  return { compare, seed, eventLoss, eventDuplication };
}
async function runAndReport(io, run, out) {
  const progress = progressLine(io, "simulating");
  const report = await compareStrategies({
    pools: simPoolsOf(run.config),
    trace: run.trace,
    seed: run.options.seed,
    eventLoss: run.options.eventLoss,
    eventDuplication: run.options.eventDuplication,
    compare: run.options.compare,
    config: run.configName,
    traceName: run.traceName,
    onProgress: (strategy, done) => {
      progress.update(done, strategy);
    }
  });
  progress.done();
  io.stdout(out.json === true ? `${JSON.stringify(report, null, 2)}
` : formatReport(report));
  if (out.report !== void 0) {
    const { renderHtmlReport } = await import("./report-html-WTR67C5E.js");
    const path = (0, import_node_path.resolve)(io.cwd, out.report);
    await (0, import_promises.mkdir)((0, import_node_path.dirname)(path), { recursive: true });
    await (0, import_promises.writeFile)(path, await renderHtmlReport(report));
    io.stderr(`report written to ${out.report}
`);
  }
}
async function readTrace(io, file) {
  let text;
  try {
    text = await (0, import_promises.readFile)((0, import_node_path.resolve)(io.cwd, file), "utf8");
  } catch (err) {
    throw new InputError(`cannot read trace ${file}`, [{ path: "--trace", message: errorMessage(err) }]);
  }
  return parseTrace(text, file);
}
async function simulateCommand(io, opts) {
  const options = parseOptions(opts);
  const [{ config, unsetEnv }, trace] = await Promise.all([
    loadConfigOffline(io, opts.config),
    readTrace(io, opts.trace)
  ]);
  io.stderr(unsetEnvNotes(unsetEnv, "simulate"));
  await runAndReport(io, { config, configName: opts.config, trace, traceName: opts.trace, options }, opts);
}
async function demoCommand(io, opts) {
  const config = validateConfig(parseConfigDocument(DEMO_CONFIG, "demo.yaml"), io.env, "demo.yaml");
  const options = { compare: [...COMPARISONS.values()], seed: 1, eventLoss: 0, eventDuplication: 0 };
  const run = {
    config,
    configName: "demo.yaml (built in)",
    trace: generateTrace(DEMO_TRACE),
    traceName: "weekday (built in)",
    options
  };
  await runAndReport(io, run, {
    report: opts.report ?? "ci-scaler-demo.html",
    ...opts.json === true && { json: true }
  });
}
export {
  demoCommand,
  simulateCommand
};
