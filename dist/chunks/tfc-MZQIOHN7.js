import { createRequire as __ciScalerRequire } from 'node:module'; import { fileURLToPath as __ciScalerPath } from 'node:url'; const require = __ciScalerRequire(import.meta.url); const __filename = __ciScalerPath(import.meta.url); const __dirname = __ciScalerPath(new globalThis.URL('.', import.meta.url));
import {
  clientKey
} from "./chunk-4EHSKUYE.js";
import {
  _null,
  array,
  number,
  object,
  record,
  string,
  union,
  unknown
} from "./chunk-VWVLHXGA.js";
import {
  ProviderError,
  errorMessage
} from "./chunk-346N7LIJ.js";
import "./chunk-M2JWUYOJ.js";

// src/sources/tfc/json-api.ts
var identifier = object({ id: string(), type: string() });
var relationship = object({
  data: union([identifier, array(identifier), _null()]).optional()
});
var resourceSchema = object({
  id: string(),
  type: string(),
  attributes: record(string(), unknown()).optional(),
  relationships: record(string(), relationship).optional()
});
var pagination = object({
  "current-page": number().nullable().optional(),
  "next-page": number().nullable().optional()
});
var listDocumentSchema = object({
  data: array(resourceSchema),
  included: array(resourceSchema).optional(),
  meta: object({ pagination: pagination.optional() }).optional()
});
var singleDocumentSchema = object({
  data: resourceSchema,
  included: array(resourceSchema).optional()
});
var errorDocumentSchema = object({
  errors: array(
    object({
      status: union([string(), number()]).optional(),
      title: string().optional(),
      detail: string().optional()
    })
  )
});
function relatedIds(resource, name) {
  const data = resource.relationships?.[name]?.data;
  if (data === void 0 || data === null) return [];
  return Array.isArray(data) ? data.map((d) => d.id) : [data.id];
}
function stringAttr(resource, name) {
  const value = resource.attributes?.[name];
  return typeof value === "string" ? value : void 0;
}
function booleanAttr(resource, name) {
  return resource.attributes?.[name] === true;
}

// src/sources/tfc/agent-pool.ts
var POOL_ID = /^apool-[A-Za-z0-9]+$/;
function toPool(resource) {
  return {
    id: resource.id,
    name: stringAttr(resource, "name") ?? resource.id,
    workspaceIds: relatedIds(resource, "workspaces")
  };
}
function notFound(message, cause) {
  return new ProviderError(message, { status: 404, cause });
}
function isNotFound(err) {
  return err instanceof ProviderError && err.status === 404;
}
async function showPool(http, id) {
  try {
    return toPool(await http.getOne(`show agent pool ${id}`, `/agent-pools/${encodeURIComponent(id)}`));
  } catch (err) {
    if (!isNotFound(err)) throw err;
    throw notFound(`TFC agent pool ${id} not found, or the token may not read it (source.agentPool)`, err);
  }
}
async function poolNamed(http, organization, name) {
  const what = `list agent pools of organization ${organization}`;
  let data;
  try {
    ({ data } = await http.getAll(what, `/organizations/${encodeURIComponent(organization)}/agent-pools`, {
      q: name
    }));
  } catch (err) {
    if (!isNotFound(err)) throw err;
    throw notFound(
      `TFC organization "${organization}" not found, or the token may not read it (source.organization)`,
      err
    );
  }
  const found = data.find((p) => stringAttr(p, "name") === name);
  if (found === void 0) {
    const seen = data.map((p) => stringAttr(p, "name") ?? p.id).join(", ");
    throw new ProviderError(
      `TFC agent pool "${name}" not found in organization "${organization}" (source.agentPool)${seen === "" ? "" : `; similar: ${seen}`}`,
      { status: 404 }
    );
  }
  return toPool(found);
}
function resolvePool(http, organization, agentPool) {
  return POOL_ID.test(agentPool) ? showPool(http, agentPool) : poolNamed(http, organization, agentPool);
}

// src/sources/tfc/errors.ts
function errorDetail(body) {
  try {
    const parsed = errorDocumentSchema.safeParse(JSON.parse(body));
    if (parsed.success) {
      return parsed.data.errors.map((e) => [e.title, e.detail].filter((s) => s !== void 0 && s !== "").join(": ")).filter((s) => s !== "").join("; ");
    }
  } catch {
  }
  return body.slice(0, 200).trim();
}
function withDetail(message, detail) {
  return detail === "" ? message : `${message} (${detail})`;
}
function tfcError(what, status, body) {
  const detail = errorDetail(body);
  if (status === 401) {
    return new ProviderError(
      withDetail(
        `TFC token rejected on ${what}: check source.token (a team or organization API token)`,
        detail
      ),
      { status: 401 }
    );
  }
  if (status === 404) {
    return new ProviderError(withDetail(`TFC ${what}: not found, or the token may not read it`, detail), {
      status: 404
    });
  }
  if (status === 429) {
    return new ProviderError(withDetail(`TFC ${what}: rate limited`, detail), {
      status: 429,
      retryable: true
    });
  }
  const retryable = status >= 500;
  return new ProviderError(withDetail(`TFC ${what}: HTTP ${status}`, detail), { status, retryable });
}

// src/sources/tfc/rate-limit.ts
var FALLBACK_BASE_MS = 1e3;
var MIN_WAIT_MS = 100;
function seconds(value) {
  if (value === null || value.trim() === "") return void 0;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n * 1e3 : void 0;
}
function retryAfterMs(value, now) {
  const asSeconds = seconds(value);
  if (asSeconds !== void 0 || value === null) return asSeconds;
  const at = Date.parse(value);
  return Number.isNaN(at) ? void 0 : Math.max(0, at - now);
}
function rateLimitDelayMs(headers, attempt, now) {
  const reset = seconds(headers.get("x-ratelimit-reset"));
  const after = retryAfterMs(headers.get("retry-after"), now);
  const asked = Math.max(reset ?? 0, after ?? 0);
  if (reset === void 0 && after === void 0) return FALLBACK_BASE_MS * 2 ** attempt;
  return Math.max(MIN_WAIT_MS, Math.ceil(asked));
}

// src/sources/tfc/http-client.ts
var PAGE_SIZE = 100;
var MAX_PAGES = 100;
var SERVER_RETRIES = 2;
var SERVER_RETRY_BASE_MS = 500;
var RETRY_STATUSES = /* @__PURE__ */ new Set([502, 503, 504]);
var defaultSleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
var TfcHttp = class {
  constructor(options) {
    this.options = options;
    this.base = `${options.address.replace(/\/+$/, "")}/api/v2`;
    this.fetch = options.fetch ?? ((url, init) => globalThis.fetch(url, init));
    this.sleep = options.sleep ?? defaultSleep;
    this.clock = options.clock ?? Date.now;
  }
  options;
  /** Every request sent, 429s and retries included. */
  calls = 0;
  base;
  fetch;
  sleep;
  clock;
  /** GET one document; `what` names the call in errors ("list agents of pool apool-1"). */
  async getOne(what, path, query = {}) {
    return parse(what, singleDocumentSchema, await this.get(what, path, query)).data;
  }
  /** GET every page of a listing (`page[size]=100`, following `meta.pagination.next-page`). */
  async getAll(what, path, query = {}) {
    const data = [];
    const included = [];
    let page = 1;
    for (let n = 0; typeof page === "number"; n++) {
      if (n === MAX_PAGES) throw new ProviderError(`TFC ${what}: more than ${MAX_PAGES} pages`);
      const paged = { ...query, "page[number]": String(page), "page[size]": String(PAGE_SIZE) };
      const doc = parse(what, listDocumentSchema, await this.get(what, path, paged));
      data.push(...doc.data);
      included.push(...doc.included ?? []);
      const next = doc.meta?.pagination?.["next-page"];
      page = typeof next === "number" && next > page ? next : void 0;
    }
    return { data, included };
  }
  async get(what, path, query) {
    const search = new URLSearchParams(query).toString();
    const url = `${this.base}${path}${search === "" ? "" : `?${search}`}`;
    for (let attempt = 0; ; attempt++) {
      const result = await this.attempt(what, url, attempt);
      if (result.done) {
        if (result.status < 200 || result.status >= 300) throw tfcError(what, result.status, result.body);
        return parseJson(what, result.body);
      }
      this.options.logger.warn(`TFC ${what}: ${result.why}; retry in ${result.waitMs} ms`, { attempt });
      await this.sleep(result.waitMs);
    }
  }
  /** One request; says whether to stop (with the answer) or wait and try again. */
  async attempt(what, url, attempt) {
    let res;
    let body;
    this.calls += 1;
    try {
      res = await this.fetch(url, { method: "GET", headers: this.headers(), signal: this.signal() });
      body = await res.text();
    } catch (err) {
      if (attempt < SERVER_RETRIES) {
        return { done: false, waitMs: SERVER_RETRY_BASE_MS * 2 ** attempt, why: errorMessage(err) };
      }
      throw networkError(what, err);
    }
    if (res.status === 429) return this.rateLimited(res, body, attempt);
    if (RETRY_STATUSES.has(res.status) && attempt < SERVER_RETRIES) {
      return { done: false, waitMs: SERVER_RETRY_BASE_MS * 2 ** attempt, why: `HTTP ${res.status}` };
    }
    return { done: true, status: res.status, body };
  }
  rateLimited(res, body, attempt) {
    const waitMs = rateLimitDelayMs(res.headers, attempt, this.clock());
    const retries = this.options.rateLimitRetries ?? 3;
    if (attempt >= retries || waitMs > (this.options.maxWaitMs ?? 3e4)) {
      return { done: true, status: 429, body };
    }
    return { done: false, waitMs, why: "rate limited (429)" };
  }
  headers() {
    return {
      Authorization: `Bearer ${this.options.token}`,
      "Content-Type": "application/vnd.api+json",
      Accept: "application/vnd.api+json"
    };
  }
  signal() {
    return AbortSignal.timeout(this.options.timeoutMs ?? 15e3);
  }
};
function networkError(what, err) {
  const timedOut = err instanceof Error && err.name === "TimeoutError";
  const message = timedOut ? "timed out" : `network error: ${errorMessage(err)}`;
  return new ProviderError(`TFC ${what}: ${message}`, {
    status: timedOut ? 504 : 502,
    retryable: true,
    cause: err
  });
}
function parseJson(what, body) {
  try {
    return JSON.parse(body);
  } catch (err) {
    throw new ProviderError(`TFC ${what}: the answer is not JSON`, { cause: err });
  }
}
function parse(what, schema, value) {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new ProviderError(`TFC ${what}: unexpected answer: ${parsed.error.message}`);
  }
  return parsed.data;
}

// src/sources/tfc/run-status.ts
var PHASES = {
  pending: { state: "waiting", kind: "plan" },
  fetching: { state: "queued", kind: "plan" },
  fetching_completed: { state: "queued", kind: "plan" },
  pre_plan_running: { state: "running", kind: "plan" },
  pre_plan_completed: { state: "queued", kind: "plan" },
  queuing: { state: "queued", kind: "plan" },
  plan_queued: { state: "queued", kind: "plan" },
  planning: { state: "running", kind: "plan" },
  cost_estimating: { state: "running", kind: "plan" },
  policy_checking: { state: "running", kind: "policy" },
  post_plan_running: { state: "running", kind: "plan" },
  post_plan_completed: { state: "running", kind: "plan" },
  // Waiting for a person; the job they unblock is the apply.
  planned: { state: "waiting", kind: "apply" },
  cost_estimated: { state: "waiting", kind: "apply" },
  policy_checked: { state: "waiting", kind: "apply" },
  policy_override: { state: "waiting", kind: "apply" },
  post_plan_awaiting_decision: { state: "waiting", kind: "apply" },
  planned_and_saved: { state: "waiting", kind: "apply" },
  confirmed: { state: "queued", kind: "apply" },
  pre_apply_running: { state: "running", kind: "apply" },
  pre_apply_completed: { state: "queued", kind: "apply" },
  queuing_apply: { state: "queued", kind: "apply" },
  apply_queued: { state: "queued", kind: "apply" },
  applying: { state: "running", kind: "apply" }
};
var FINAL_STATUSES = /* @__PURE__ */ new Set([
  "applied",
  "planned_and_finished",
  "policy_soft_failed",
  "discarded",
  "errored",
  "canceled",
  "force_canceled"
]);
var NON_FINAL_STATUSES = Object.keys(PHASES);
function classifyRun(run) {
  if (FINAL_STATUSES.has(run.status)) return { type: "final" };
  const known = PHASES[run.status];
  const phase = known ?? { state: "running", kind: "plan" };
  const kind = run.planOnly && phase.kind === "apply" ? "plan" : phase.kind;
  const grouped = !run.planOnly && !(run.savePlan && kind !== "apply");
  return { type: "active", state: phase.state, kind, grouped, unknownStatus: known === void 0 };
}

// src/sources/tfc/runs.ts
var RUN_OPERATIONS = [
  "plan_only",
  "plan_and_apply",
  "save_plan",
  "refresh_only",
  "destroy",
  "empty_apply"
];
function runJob(run, workspaceId) {
  const status = stringAttr(run, "status") ?? "";
  const cls = classifyRun({
    status,
    planOnly: booleanAttr(run, "plan-only"),
    savePlan: booleanAttr(run, "save-plan")
  });
  if (cls.type === "final") return void 0;
  const created = Date.parse(stringAttr(run, "created-at") ?? "");
  const job = {
    id: run.id,
    state: cls.state,
    labels: [],
    kind: cls.kind,
    ...cls.grouped && workspaceId !== void 0 && { group: workspaceId },
    ...!Number.isNaN(created) && { queuedAt: created }
  };
  return { job, unknownStatus: cls.unknownStatus };
}
async function organizationRuns(http, organization, poolName) {
  try {
    const { data } = await http.getAll(
      `list runs of organization ${organization}`,
      `/organizations/${encodeURIComponent(organization)}/runs`,
      {
        "filter[agent_pool_names]": poolName,
        "filter[status_group]": "non_final",
        "filter[operation]": RUN_OPERATIONS.join(",")
      }
    );
    return data.flatMap((run) => runJob(run, relatedIds(run, "workspace")[0]) ?? []);
  } catch (err) {
    if (err instanceof ProviderError && (err.status === 404 || err.status === 400)) return "unsupported";
    throw err;
  }
}

// src/sources/tfc/runs-fallback.ts
async function currentRunsOfPool(http, organization, poolId) {
  const pool = await showPool(http, poolId);
  const ids = new Set(pool.workspaceIds);
  if (ids.size === 0) return [];
  const { data, included } = await http.getAll(
    `list workspaces of organization ${organization}`,
    `/organizations/${encodeURIComponent(organization)}/workspaces`,
    { include: "current_run" }
  );
  const runs = new Map(included.filter((r) => r.type === "runs").map((r) => [r.id, r]));
  return data.flatMap((ws) => {
    if (!ids.has(ws.id)) return [];
    const runId = relatedIds(ws, "current-run")[0];
    const run = runId === void 0 ? void 0 : runs.get(runId);
    return run === void 0 ? [] : runJob(run, ws.id) ?? [];
  });
}

// src/sources/tfc/pool-runs.ts
var RUNS_CACHE_MS = 5e3;
var PoolRuns = class {
  constructor(http, options) {
    this.http = http;
    this.options = options;
  }
  http;
  options;
  /** Which way runs are read; switches once, for good, when the listing is not there. */
  path = "organization-runs";
  cached;
  inflight;
  /** Jobs of the pool; `fresh` skips the cache (doctor). Concurrent callers share one request. */
  async jobs(pool, fresh = false) {
    const now = this.options.clock();
    const ttl = this.options.cacheMs ?? RUNS_CACHE_MS;
    if (!fresh && this.cached !== void 0 && now - this.cached.at < ttl) return this.cached.jobs;
    this.inflight ??= this.read(pool).finally(() => {
      this.inflight = void 0;
    });
    return this.inflight;
  }
  async read(pool) {
    if (this.path === "organization-runs") {
      const at = this.options.clock();
      const listed = await organizationRuns(this.http, this.options.organization, pool.name);
      if (listed !== "unsupported") {
        const jobs = this.accept(listed);
        this.cached = { at, jobs };
        return jobs;
      }
      await this.checkOrganization();
      this.options.logger.warn(
        "TFC: the organization runs listing is not available (Terraform Enterprise before v202409-1?); reading the pool's workspaces and their current runs instead",
        { organization: this.options.organization, agentPool: pool.name }
      );
      this.path = "workspace-current-runs";
    }
    return this.accept(await currentRunsOfPool(this.http, this.options.organization, pool.id));
  }
  /**
   * The listing answers 404 for an organization the token may not see too: before reading
   * that as "older Terraform Enterprise", make sure the organization is there.
   */
  async checkOrganization() {
    const { organization } = this.options;
    try {
      await this.http.getOne(
        `show organization ${organization}`,
        `/organizations/${encodeURIComponent(organization)}`
      );
    } catch (err) {
      if (!(err instanceof ProviderError) || err.status !== 404) throw err;
      throw new ProviderError(
        `TFC organization "${organization}" not found, or the token may not read it (source.organization)`,
        { status: 404, cause: err }
      );
    }
  }
  accept(runs) {
    for (const r of runs) {
      if (!r.unknownStatus) continue;
      this.options.logger.warn(
        `TFC run ${r.job.id} has a status ci-scaler does not know; counted as running`
      );
    }
    return runs.map((r) => r.job);
  }
};

// src/sources/tfc/scope.ts
function normalAddress(address) {
  return address.replace(/\/+$/, "");
}
function scopeKey(config) {
  return `tfc:${normalAddress(config.address)}/${config.organization}/${config.agentPool}`;
}

// src/sources/tfc/api.ts
var TfcApi = class {
  constructor(config, deps) {
    this.config = config;
    const clock = deps.clock ?? Date.now;
    this.warn = (message) => {
      deps.logger.warn(message);
    };
    this.http = new TfcHttp({
      address: normalAddress(config.address),
      token: config.token,
      logger: deps.logger,
      clock,
      ...deps.fetch !== void 0 && { fetch: deps.fetch },
      ...deps.sleep !== void 0 && { sleep: deps.sleep },
      ...deps.timeoutMs !== void 0 && { timeoutMs: deps.timeoutMs }
    });
    this.runs = new PoolRuns(this.http, {
      organization: config.organization,
      logger: deps.logger,
      clock,
      ...deps.runsCacheMs !== void 0 && { cacheMs: deps.runsCacheMs }
    });
  }
  config;
  http;
  runs;
  /** Where a listing says what it could not read as documented (agents.ts). */
  warn;
  pool;
  /** The agent pool, looked up on first use and kept; a failed lookup is tried again next time. */
  agentPool() {
    this.pool ??= resolvePool(this.http, this.config.organization, this.config.agentPool).catch(
      (err) => {
        this.pool = void 0;
        throw err;
      }
    );
    return this.pool;
  }
};

// src/sources/tfc/agents.ts
var STATUSES = {
  idle: { online: true, busy: false },
  busy: { online: true, busy: true },
  // Missed heartbeats: it may be in the middle of a run, and a busy agent is never taken away.
  unknown: { online: true, busy: true },
  errored: { online: false, busy: false }
};
function documented(status) {
  return status !== void 0 && Object.hasOwn(STATUSES, status) ? STATUSES[status] : void 0;
}
function knownAgentStatus(status) {
  return status === "exited" || documented(status) !== void 0;
}
function agentRegistration(agent) {
  const status = stringAttr(agent, "status");
  if (status === "exited") return void 0;
  const { online, busy } = documented(status) ?? { online: true, busy: true };
  const ip = stringAttr(agent, "ip-address");
  return {
    // An agent started without TFC_AGENT_NAME has no name: its id stands in (joins by IP still work).
    name: stringAttr(agent, "name") || agent.id,
    online,
    busy,
    ...ip !== void 0 && ip !== "" && { ip }
  };
}
function mergeByName(registrations) {
  const byName = /* @__PURE__ */ new Map();
  for (const r of registrations) {
    const seen = byName.get(r.name);
    if (seen === void 0) {
      byName.set(r.name, r);
      continue;
    }
    const ip = seen.ip ?? r.ip;
    byName.set(r.name, {
      name: r.name,
      online: seen.online || r.online,
      busy: seen.busy || r.busy,
      ...ip !== void 0 && { ip }
    });
  }
  return [...byName.values()];
}
async function listAgents(http, poolId, warn) {
  const { data } = await http.getAll(
    `list agents of pool ${poolId}`,
    `/agent-pools/${encodeURIComponent(poolId)}/agents`
  );
  for (const a of data) {
    const status = stringAttr(a, "status");
    if (!knownAgentStatus(status))
      warn(
        `TFC agent ${a.id} has ${status === void 0 ? "no status" : `status "${status}"`}, which ci-scaler does not know; counted as busy`
      );
  }
  return mergeByName(data.flatMap((a) => agentRegistration(a) ?? []));
}

// src/sources/tfc/doctor.ts
async function check(name, fix, probe) {
  try {
    return { name, ok: true, detail: await probe() };
  } catch (err) {
    return { name, ok: false, detail: errorMessage(err), fix };
  }
}
async function tfcDoctor(api) {
  const { organization } = api.config;
  const token = await check(
    "TFC: token and organization",
    "use a team or organization API token (source.token) of an organization that owns the pool",
    async () => {
      await api.http.getOne(
        `show organization ${organization}`,
        `/organizations/${encodeURIComponent(organization)}`
      );
      return `token accepted; organization ${organization} readable`;
    }
  );
  const pool = await check(
    "TFC: agent pool",
    "check source.agentPool (a pool name or apool-... id); the token must be allowed to manage agent pools",
    async () => {
      const found = await api.agentPool();
      const agents = await listAgents(api.http, found.id, api.warn);
      return `agent pool "${found.name}" (${found.id}): ${agents.length} agents, ${found.workspaceIds.length} workspaces`;
    }
  );
  const runs = await check(
    "TFC: read runs",
    "the token must be able to read runs of the workspaces that use the pool",
    async () => {
      const jobs = await api.runs.jobs(await api.agentPool(), true);
      const how = api.runs.path === "organization-runs" ? "organization runs listing" : "pool's workspaces and their current runs (older Terraform Enterprise)";
      return `${jobs.length} active runs, read through the ${how}`;
    }
  );
  return [token, pool, runs];
}

// src/sources/tfc/tfc-source.ts
var TfcSource = class {
  constructor(api) {
    this.api = api;
    this.scope = scopeKey(api.config);
  }
  api;
  type = "tfc";
  scope;
  /**
   * Two requests when nothing runs: the agents, and the runs listing unless its cached
   * answer is younger than RUNS_CACHE_MS (one request then). The pool lookup happens once.
   */
  async snapshot(_pool) {
    const before = this.api.http.calls;
    const agentPool = await this.api.agentPool();
    const [registrations, jobs] = await Promise.all([
      listAgents(this.api.http, agentPool.id, this.api.warn),
      this.api.runs.jobs(agentPool)
    ]);
    return { jobs, registrations, apiCalls: this.api.http.calls - before };
  }
  register(_pool, target) {
    return Promise.reject(
      new ProviderError(
        `TFC agents register themselves: start ${target.name} with TFC_AGENT_TOKEN (an agent token of the pool) and TFC_AGENT_NAME in the provider environment; ci-scaler creates no registration`,
        { status: 501 }
      )
    );
  }
  /**
   * Nothing to delete: an agent leaves the pool when its container stops. What matters is
   * that it is not busy (`unknown` counts as busy), so this reads the agents again.
   */
  async deregister(_pool, name) {
    const agentPool = await this.api.agentPool();
    const agents = await listAgents(this.api.http, agentPool.id, this.api.warn);
    return agents.some((a) => a.name === name && a.busy) ? "busy" : "absent";
  }
  doctor() {
    return tfcDoctor(this.api);
  }
};

// src/sources/tfc/index.ts
function createTfcSource(config, deps) {
  return new TfcSource(new TfcApi(config, deps));
}
function sharedApi(config, deps) {
  const key = clientKey(scopeKey(config), { token: config.token });
  const seen = deps.shared.get(key);
  if (seen instanceof TfcApi) return seen;
  const api = new TfcApi(config, { logger: deps.logger });
  deps.shared.set(key, api);
  return api;
}
var tfcSourceModule = {
  type: "tfc",
  create(config, deps) {
    return Promise.resolve(new TfcSource(sharedApi(config, deps)));
  }
};
export {
  RUNS_CACHE_MS,
  createTfcSource,
  tfcSourceModule
};
