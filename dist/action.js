import { createRequire as __ciScalerRequire } from 'node:module'; import { fileURLToPath as __ciScalerPath } from 'node:url'; const require = __ciScalerRequire(import.meta.url); const __filename = __ciScalerPath(import.meta.url); const __dirname = __ciScalerPath(new URL('.', import.meta.url));
import {
  debug,
  error,
  getInput,
  info,
  setFailed,
  setOutput,
  setSecret,
  summary,
  warning
} from "./chunks/chunk-C44URQTA.js";
import {
  buildEngine,
  countsOf,
  parseConfigDocument,
  readConfigDocument,
  validateConfig
} from "./chunks/chunk-MR4GPWCZ.js";
import "./chunks/chunk-NNYFSHTF.js";
import {
  parseWorkflowJobEvent
} from "./chunks/chunk-PFRZBGQ7.js";
import {
  labelsMatch
} from "./chunks/chunk-P4NOPUDQ.js";
import {
  require_promises
} from "./chunks/chunk-D56VS4BT.js";
import {
  require_path
} from "./chunks/chunk-W7O6NJ3D.js";
import "./chunks/chunk-KBWHCR55.js";
import {
  InputError
} from "./chunks/chunk-OFDGORF5.js";
import {
  __toESM
} from "./chunks/chunk-V2WJHRHK.js";

// src/runtimes/action.ts
var import_node_path = __toESM(require_path(), 1);

// src/telemetry/actions-logger.ts
function line(message, fields) {
  return fields === void 0 || Object.keys(fields).length === 0 ? message : `${message} ${JSON.stringify(fields)}`;
}
function actionsLogger(core) {
  return {
    debug: (m, f) => {
      core.debug(line(m, f));
    },
    info: (m, f) => {
      core.info(line(m, f));
    },
    warn: (m, f) => {
      core.warning(line(m, f));
    },
    error: (m, f) => {
      core.error(line(m, f));
    }
  };
}

// src/runtimes/action/event.ts
var import_promises = __toESM(require_promises(), 1);
var RECONCILE_EVENTS = /* @__PURE__ */ new Set(["schedule", "workflow_dispatch", "repository_dispatch"]);
async function readTrigger(env) {
  const event = env.GITHUB_EVENT_NAME ?? "";
  if (RECONCILE_EVENTS.has(event)) return { kind: "reconcile" };
  if (event !== "workflow_job")
    return { kind: "ignored", event: event === "" ? "(none: GITHUB_EVENT_NAME is not set)" : event };
  const path = env.GITHUB_EVENT_PATH;
  if (path === void 0 || path === "")
    throw new InputError("workflow_job event", [{ path: "GITHUB_EVENT_PATH", message: "is not set" }]);
  try {
    return { kind: "job", payload: JSON.parse(await (0, import_promises.readFile)(path, "utf8")) };
  } catch (err) {
    throw new InputError("workflow_job event", [
      { path, message: `cannot read the event payload: ${err instanceof Error ? err.message : String(err)}` }
    ]);
  }
}

// src/runtimes/action/inputs.ts
var STATE_INPUTS = ["actions-cache", "dynamodb", "file"];
var TRUE = ["true", "True", "TRUE"];
var FALSE = ["false", "False", "FALSE"];
function strictBoolean(name, value, problems) {
  if (value === "" || FALSE.includes(value)) return false;
  if (TRUE.includes(value)) return true;
  problems.push({
    path: `input ${name}`,
    message: `must be true or false (YAML 1.2: true | True | TRUE | false | False | FALSE), got "${value}"`
  });
  return false;
}
function optional(value) {
  return value === "" ? void 0 : value;
}
function readInputs(getInput2) {
  const problems = [];
  const get = (name) => optional(getInput2(name).trim());
  const config = get("config");
  const configInline = optional(getInput2("config-inline"));
  if (config !== void 0 && configInline !== void 0) {
    problems.push({ path: "input config", message: "set either config or config-inline, not both" });
  }
  const githubToken = get("github-token");
  const appId = get("app-id");
  const appPrivateKey = optional(getInput2("app-private-key"));
  const appInstallationId = get("app-installation-id");
  if (appId === void 0 !== (appPrivateKey === void 0)) {
    problems.push({
      path: appId === void 0 ? "input app-id" : "input app-private-key",
      message: "app-id and app-private-key go together"
    });
  }
  if (githubToken !== void 0 && appId !== void 0) {
    problems.push({
      path: "input github-token",
      message: "set either github-token or app-id with app-private-key, not both"
    });
  }
  if (appInstallationId !== void 0 && !/^\d+$/.test(appInstallationId)) {
    problems.push({
      path: "input app-installation-id",
      message: `must be a number, got "${appInstallationId}"`
    });
  }
  const state = get("state");
  if (state !== void 0 && !STATE_INPUTS.includes(state)) {
    problems.push({
      path: "input state",
      message: `must be one of ${STATE_INPUTS.join(", ")}, got "${state}"`
    });
  }
  const dryRun = strictBoolean("dry-run", getInput2("dry-run").trim(), problems);
  if (problems.length > 0) throw new InputError("invalid action inputs", problems);
  const pool = get("pool");
  return {
    dryRun,
    ...config !== void 0 && { config },
    ...configInline !== void 0 && { configInline },
    ...githubToken !== void 0 && { githubToken },
    ...appId !== void 0 && { appId },
    ...appPrivateKey !== void 0 && { appPrivateKey },
    ...appInstallationId !== void 0 && { appInstallationId },
    ...state !== void 0 && { state },
    ...pool !== void 0 && { pool }
  };
}
function isRecord(v) {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
function withCredentials(source, inputs) {
  if (source.type !== "github") return source;
  const { token: _t, appId: _a, privateKey: _k, installationId: _i, ...rest } = source;
  if (inputs.githubToken !== void 0) return { ...rest, token: inputs.githubToken };
  if (inputs.appId !== void 0 && inputs.appPrivateKey !== void 0) {
    return {
      ...rest,
      appId: inputs.appId,
      privateKey: inputs.appPrivateKey,
      ...inputs.appInstallationId !== void 0 && { installationId: inputs.appInstallationId }
    };
  }
  return source;
}
function applyInputs(document, inputs) {
  if (!isRecord(document)) return document;
  const pools = Array.isArray(document.pools) ? document.pools.map(
    (p) => isRecord(p) && isRecord(p.source) ? { ...p, source: withCredentials(p.source, inputs) } : p
  ) : document.pools;
  const configured = isRecord(document.state) ? document.state : void 0;
  let state = configured ?? { type: "actions-cache" };
  if (inputs.state !== void 0 && configured?.type !== inputs.state) state = { type: inputs.state };
  return { ...document, pools, state };
}

// src/runtimes/action/summary.ts
var BARS = "\u2581\u2582\u2583\u2584\u2585\u2586\u2587\u2588";
function sparkline(values, top) {
  return values.map(
    (v) => BARS[top <= 0 ? 0 : Math.min(BARS.length - 1, Math.round(v / top * (BARS.length - 1)))] ?? " "
  ).join("");
}
function cell(text) {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}
function actionRows(outcomes, reasons) {
  return outcomes.map(
    (o) => `| ${o.type} | \`${cell(o.target)}\` | ${o.result} | ${cell(o.detail)} | ${cell(reasons.get(o.target) ?? "")} |`
  );
}
function chart(history) {
  const points = history.filter((h) => h.kind === "reconcile" && h.counts !== void 0).slice(-40);
  if (points.length < 2) return [];
  const desired = points.map((h) => h.desired);
  const busy = points.map((h) => h.counts?.["workers.busy"] ?? 0);
  const top = Math.max(1, ...desired, ...busy);
  return [
    "",
    `Desired vs busy, last ${points.length} reconciles (top = ${top}):`,
    "",
    "```text",
    `desired ${sparkline(desired, top)}`,
    `busy    ${sparkline(busy, top)}`,
    "```"
  ];
}
function renderSummary(title, reports) {
  const out = [`## ci-scaler: ${cell(title)}`];
  for (const r of reports) {
    out.push("", `### Pool \`${r.pool}\``);
    if (r.error !== void 0) out.push("", `**Failed:** ${cell(r.error)}`);
    const decision = r.reconcile?.decision ?? r.event?.decision;
    const obs = r.reconcile?.observation;
    if (obs !== void 0) {
      const c = countsOf(obs);
      out.push(
        "",
        "| jobs queued | jobs running | jobs waiting | booting | idle | busy | failed | desired | API calls |",
        "|---|---|---|---|---|---|---|---|---|"
      );
      out.push(
        `| ${c["jobs.queued"]} | ${c["jobs.running"]} | ${c["jobs.waiting"]} | ${c["workers.booting"]} | ${c["workers.idle"]} | ${c["workers.busy"]} | ${c["workers.failed"]} | ${decision?.desired ?? "-"} | ${r.reconcile?.apiCalls ?? 0} |`
      );
    }
    if (decision !== void 0) out.push("", `Decision: ${cell(decision.reason)}`);
    const outcomes = [...r.event?.outcomes ?? [], ...r.reconcile?.outcomes ?? []];
    const reasons = /* @__PURE__ */ new Map();
    for (const a of [...r.event?.decision?.actions ?? [], ...decision?.actions ?? []]) {
      if (a.type === "terminate") reasons.set(a.workerId, a.reason);
      if (a.type === "launch") for (const t of a.for) reasons.set(t.name, a.reason);
    }
    if (outcomes.length > 0)
      out.push(
        "",
        "| action | worker | result | detail | reason |",
        "|---|---|---|---|---|",
        ...actionRows(outcomes, reasons)
      );
    else if (r.reconcile?.result === "dry-run")
      out.push("", `Dry run: ${decision?.actions.length ?? 0} action(s) decided, none taken.`);
    out.push(...chart(r.history));
  }
  return `${out.join("\n")}
`;
}

// src/runtimes/action.ts
var DEFAULT_CONFIG = ".github/ci-scaler.yml";
function configFile(inputs) {
  return inputs.configInline !== void 0 ? "config-inline" : inputs.config ?? DEFAULT_CONFIG;
}
async function loadConfig(deps, inputs) {
  const file = configFile(inputs);
  const doc = inputs.configInline !== void 0 ? parseConfigDocument(inputs.configInline, "config-inline.yaml") : await readConfigDocument((0, import_node_path.resolve)(deps.cwd, file));
  return { config: validateConfig(applyInputs(doc, inputs), deps.env, file), file };
}
async function handleJob(built, payload, inputs, deps) {
  const event = parseWorkflowJobEvent(payload);
  const title = `workflow_job ${event.action} (job ${event.job.id}, ${event.owner}/${event.repo})`;
  const pools = built.pools.filter((p) => p.policy.labels !== void 0 && labelsMatch(event.job.labels, p.policy.labels)).map((p) => p.policy.name);
  if (pools.length === 0) {
    deps.core.info(
      `job ${event.job.id} (labels ${event.job.labels.join(", ")}) matches no pool: nothing to do`
    );
    return { title, pools };
  }
  const result = inputs.dryRun ? void 0 : await built.engine.handleJobEvent(event);
  return { title, pools, ...result !== void 0 && { event: result } };
}
async function reconcileAll(built, work, dryRun) {
  const reports = [];
  for (const pool of work.pools) {
    const event = work.event?.pool === pool ? work.event : void 0;
    let reconcile;
    let error2;
    try {
      reconcile = await built.engine.reconcile(pool, { dryRun });
    } catch (err) {
      error2 = `reconcile failed: ${err instanceof Error ? err.message : String(err)}`;
    }
    const history = built.store.capabilities.has("history") ? await built.store.listHistory(pool, 40) : [];
    reports.push({
      pool,
      history,
      ...event && { event },
      ...reconcile && { reconcile },
      ...error2 !== void 0 && { error: error2 }
    });
  }
  return reports;
}
function failures(reports) {
  return reports.flatMap((r) => [
    ...r.error !== void 0 ? [`pool ${r.pool}: ${r.error}`] : [],
    ...[...r.event?.outcomes ?? [], ...r.reconcile?.outcomes ?? []].filter((o) => o.result === "failed").map((o) => `pool ${r.pool}: ${o.type} ${o.target} failed: ${o.detail}`)
  ]);
}
function setOutputs(core, title, reports) {
  const outcomes = reports.flatMap((r) => [...r.event?.outcomes ?? [], ...r.reconcile?.outcomes ?? []]);
  const launched = outcomes.filter((o) => o.type === "launch" && o.result === "ok").length;
  const terminated = outcomes.filter((o) => o.type === "terminate" && o.result === "ok").length;
  const desired = Object.fromEntries(reports.map((r) => [r.pool, r.reconcile?.decision?.desired ?? null]));
  core.setOutput("launched", String(launched));
  core.setOutput("terminated", String(terminated));
  core.setOutput("desired", JSON.stringify(desired));
  const per = reports.map((r) => `${r.pool} desired ${r.reconcile?.decision?.desired ?? "?"}`).join(", ");
  core.setOutput(
    "summary",
    `${title}: launched ${launched}, terminated ${terminated}${per === "" ? "" : `; ${per}`}`
  );
}
async function act(deps, inputs, config) {
  const { core } = deps;
  const trigger = await readTrigger(deps.env);
  if (trigger.kind === "ignored") {
    core.warning(
      `ci-scaler has nothing to do on "${trigger.event}" events: run it on workflow_job, schedule or workflow_dispatch`
    );
    return;
  }
  const owner = `actions-${deps.env.GITHUB_RUN_ID ?? "local"}-${deps.env.GITHUB_RUN_ATTEMPT ?? "1"}`;
  const built = await buildEngine(
    config,
    {
      env: deps.env,
      cwd: deps.cwd,
      clock: deps.clock,
      logger: actionsLogger(core),
      owner,
      maskSecret: (s) => {
        core.setSecret(s);
      }
    },
    inputs.pool
  );
  try {
    const work = trigger.kind === "job" ? await handleJob(built, trigger.payload, inputs, deps) : { title: "full reconcile", pools: built.pools.map((p) => p.policy.name) };
    const reports = await reconcileAll(built, work, inputs.dryRun);
    setOutputs(core, work.title, reports);
    core.summary.addRaw(renderSummary(`${work.title}${inputs.dryRun ? " (dry run)" : ""}`, reports));
    await writeSummary(core);
    const failed = [...failures(reports), ...await flushState(built)];
    if (failed.length > 0) core.setFailed(`ci-scaler: ${failed.join("; ")}`);
  } finally {
    await built.close();
  }
}
async function flushState(built) {
  try {
    await built.store.flush?.();
    return [];
  } catch (err) {
    return [`saving state (${built.store.type}): ${err instanceof Error ? err.message : String(err)}`];
  }
}
async function writeSummary(core) {
  try {
    await core.summary.write();
  } catch (err) {
    core.warning(`could not write the job summary: ${err instanceof Error ? err.message : String(err)}`);
  }
}
async function run(deps) {
  const { core } = deps;
  let file;
  try {
    const inputs = readInputs((name) => core.getInput(name));
    for (const secret of [inputs.githubToken, inputs.appPrivateKey])
      if (secret !== void 0) core.setSecret(secret);
    file = configFile(inputs);
    const loaded = await loadConfig(deps, inputs);
    await act(deps, inputs, loaded.config);
  } catch (err) {
    if (err instanceof InputError) {
      for (const p of err.problems)
        core.error(`${p.path}: ${p.message}`, {
          title: "ci-scaler: invalid input",
          ...file !== void 0 && { file }
        });
      core.setFailed(
        `ci-scaler: ${(err.message.split("\n")[0] ?? "invalid input").replace(/:$/, "")} (${err.problems.length} problem(s), see the annotations)`
      );
      return;
    }
    core.setFailed(`ci-scaler: ${err instanceof Error ? err.message : String(err)}`);
  }
}

// src/runtimes/action-main.ts
async function run2() {
  const core = {
    debug,
    error,
    getInput: (name) => getInput(name),
    info,
    setFailed,
    setOutput,
    setSecret,
    summary,
    warning
  };
  await run({ core, env: process.env, cwd: process.cwd(), clock: () => Date.now() });
}

// src/runtimes/action-entry.ts
await run2();
