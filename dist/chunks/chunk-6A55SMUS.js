import { createRequire as __ciScalerRequire } from 'node:module'; import { fileURLToPath as __ciScalerPath } from 'node:url'; const require = __ciScalerRequire(import.meta.url); const __filename = __ciScalerPath(import.meta.url); const __dirname = __ciScalerPath(new globalThis.URL('.', import.meta.url));
import {
  _enum,
  array,
  number,
  object,
  string
} from "./chunk-VWVLHXGA.js";
import {
  InputError,
  ProviderError
} from "./chunk-346N7LIJ.js";

// src/sources/github/errors.ts
function asHttpError(err) {
  return typeof err === "object" && err !== null ? err : {};
}
function neededPermission(err) {
  const header = err.response?.headers?.["x-accepted-github-permissions"];
  return typeof header === "string" && header !== "" ? header : void 0;
}
function githubError(what, err) {
  const e = asHttpError(err);
  const status = e.status ?? 0;
  const base = `GitHub ${what}`;
  if (status === 401)
    return new ProviderError(`${base}: bad credentials (check the token or the App key)`, {
      status: 401,
      cause: err
    });
  if (status === 403 || status === 404) {
    if (status === 403 && /rate limit/i.test(e.message ?? "")) {
      return new ProviderError(`${base}: rate limited: ${e.message ?? ""}`, {
        status: 429,
        retryable: true,
        cause: err
      });
    }
    const needed = neededPermission(e);
    if (needed !== void 0) {
      return new ProviderError(
        `${base}: the credentials lack a permission; GitHub asks for ${needed} (see README "GitHub permissions")`,
        { status: 403, cause: err }
      );
    }
    return new ProviderError(`${base}: ${status} ${e.message ?? ""}`.trim(), { status, cause: err });
  }
  if (status === 409)
    return new ProviderError(`${base}: already exists`, { status: 409, alreadyExists: true, cause: err });
  const retryable = status === 0 || status === 429 || status >= 500;
  return new ProviderError(
    `${base}: ${status === 0 ? "network error" : String(status)} ${e.message ?? ""}`.trim(),
    { status: status === 0 ? 502 : status, retryable, cause: err }
  );
}
function statusOf(err) {
  return asHttpError(err).status;
}

// src/sources/github/jobs.ts
var ACTIVE_RUN = /* @__PURE__ */ new Set(["queued", "in_progress", "waiting", "requested", "pending"]);
var MAX_RUN_PAGES = 5;
function jobState(status) {
  if (status === "queued" || status === "requested") return "queued";
  if (status === "in_progress") return "running";
  if (status === "waiting" || status === "pending") return "waiting";
  return void 0;
}
function toJob(j) {
  const state = jobState(j.status);
  if (state === void 0) return void 0;
  const queuedAt = j.created_at === void 0 ? Number.NaN : Date.parse(j.created_at);
  const runner = state === "running" ? j.runner_name ?? void 0 : void 0;
  return {
    id: String(j.id),
    state,
    labels: j.labels,
    ...!Number.isNaN(queuedAt) && { queuedAt },
    ...runner !== void 0 && runner !== "" && { workerId: runner }
  };
}
async function repositories(octokit, scope, isApp) {
  if (scope.kind === "repo") return [scope.repo];
  if (scope.repositories !== void 0) return [...scope.repositories];
  try {
    if (isApp) {
      const repos2 = await octokit.paginate("GET /installation/repositories", {
        per_page: 100
      });
      return repos2.map((r) => r.name);
    }
    const repos = await octokit.paginate("GET /orgs/{org}/repos", { org: scope.org, per_page: 100 });
    return repos.filter((r) => r.archived !== true).map((r) => r.name);
  } catch (err) {
    throw githubError(`list repositories of ${scope.org}`, err);
  }
}
async function listRuns(octokit, owner, repo, status, into) {
  let first = 0;
  for (let page = 1; page <= MAX_RUN_PAGES; page++) {
    const { data } = await octokit.request("GET /repos/{owner}/{repo}/actions/runs", {
      owner,
      repo,
      per_page: 100,
      page,
      ...status !== void 0 && { status }
    });
    if (page === 1) first = data.workflow_runs.length;
    for (const r of data.workflow_runs) if (ACTIVE_RUN.has(r.status ?? "")) into.add(Number(r.id));
    if (status === void 0 || data.workflow_runs.length < 100) break;
  }
  return first;
}
async function activeRuns(octokit, owner, repo) {
  const ids = /* @__PURE__ */ new Set();
  const newest = await listRuns(octokit, owner, repo, void 0, ids);
  if (newest === 100)
    for (const status of ["queued", "in_progress"])
      await listRuns(octokit, owner, repo, status, ids);
  return [...ids];
}
async function repositoryJobs(octokit, owner, repo) {
  try {
    const jobs = [];
    for (const runId of await activeRuns(octokit, owner, repo)) {
      const list = await octokit.paginate("GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs", {
        owner,
        repo,
        run_id: runId,
        filter: "latest",
        per_page: 100
      });
      for (const j of list) {
        const job = toJob(j);
        if (job !== void 0) jobs.push(job);
      }
    }
    return jobs;
  } catch (err) {
    throw githubError(`list jobs of ${owner}/${repo}`, err);
  }
}

// src/sources/github/workflow-job-event.ts
var payloadSchema = object({
  action: _enum(["queued", "waiting", "in_progress", "completed"]),
  workflow_job: object({
    id: number().int(),
    status: string(),
    labels: array(string()),
    // Older payloads (GHES) lack created_at.
    created_at: string().optional(),
    runner_name: string().nullable().optional()
  }),
  repository: object({ name: string(), owner: object({ login: string() }) })
});
function parseWorkflowJobEvent(payload) {
  const parsed = payloadSchema.safeParse(payload);
  if (!parsed.success) {
    throw new InputError(
      "invalid workflow_job payload",
      parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }))
    );
  }
  const { action, workflow_job: wj, repository } = parsed.data;
  const status = action === "in_progress" ? "in_progress" : action === "waiting" ? "waiting" : "queued";
  const job = toJob({ ...wj, status });
  const runner = wj.runner_name ?? void 0;
  return {
    action,
    owner: repository.owner.login,
    repo: repository.name,
    job: job ?? { id: String(wj.id), state: "queued", labels: wj.labels },
    ...runner !== void 0 && runner !== "" && { runnerName: runner }
  };
}

// src/core/labels.ts
function labelsMatch(jobLabels, poolLabels) {
  if (jobLabels.length === 0) return true;
  let answers = matched.get(jobLabels);
  const known = answers?.get(poolLabels);
  if (known !== void 0) return known;
  const have = lowered(poolLabels);
  const answer = jobLabels.every((l) => have.has(l.toLowerCase()));
  if (answers === void 0) {
    answers = /* @__PURE__ */ new WeakMap();
    matched.set(jobLabels, answers);
  }
  answers.set(poolLabels, answer);
  return answer;
}
var matched = /* @__PURE__ */ new WeakMap();
function isSelection(label, selection) {
  const eq = label.indexOf("=");
  return eq > 0 && selection.includes(label.slice(0, eq).toLowerCase());
}
function selectionLabelsOf(jobLabels, selection) {
  return selection === void 0 ? [] : jobLabels.filter((l) => isSelection(l, selection));
}
function poolLabelsMatch(jobLabels, poolLabels, selection) {
  if (labelsMatch(jobLabels, poolLabels)) return true;
  if (selection === void 0 || selection.length === 0) return false;
  return labelsMatch(
    jobLabels.filter((l) => !isSelection(l, selection)),
    poolLabels
  );
}
var loweredSets = /* @__PURE__ */ new WeakMap();
function lowered(labels) {
  let set = loweredSets.get(labels);
  if (set === void 0) {
    set = new Set(labels.map((l) => l.toLowerCase()));
    loweredSets.set(labels, set);
  }
  return set;
}

export {
  selectionLabelsOf,
  poolLabelsMatch,
  githubError,
  statusOf,
  repositories,
  repositoryJobs,
  parseWorkflowJobEvent
};
