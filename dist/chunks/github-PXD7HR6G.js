import { createRequire as __ciScalerRequire } from 'node:module'; import { fileURLToPath as __ciScalerPath } from 'node:url'; const require = __ciScalerRequire(import.meta.url); const __filename = __ciScalerPath(import.meta.url); const __dirname = __ciScalerPath(new globalThis.URL('.', import.meta.url));
import {
  createGithubApi,
  scopeKey,
  scopeOf,
  scopeServes
} from "./chunk-HPIK4V2A.js";
import {
  parseWorkflowJobEvent
} from "./chunk-Y5NWTK7N.js";
import {
  githubError,
  repositories,
  repositoryJobs,
  statusOf
} from "./chunk-EB5KCF72.js";
import "./chunk-2QXK5UIT.js";
import {
  clientKey
} from "./chunk-4EHSKUYE.js";
import {
  poolLabelsMatch,
  selectionLabelsOf
} from "./chunk-PTYMIJUA.js";
import "./chunk-DRG3NORQ.js";
import {
  ProviderError,
  errorMessage
} from "./chunk-346N7LIJ.js";
import "./chunk-M2JWUYOJ.js";

// src/sources/github/runners.ts
async function listRunners(octokit, scope) {
  try {
    const runners = scope.kind === "repo" ? await octokit.paginate("GET /repos/{owner}/{repo}/actions/runners", {
      owner: scope.owner,
      repo: scope.repo,
      per_page: 100
    }) : await octokit.paginate("GET /orgs/{org}/actions/runners", {
      org: scope.org,
      per_page: 100
    });
    return runners.map((r) => ({ id: r.id, name: r.name, online: r.status === "online", busy: r.busy }));
  } catch (err) {
    throw githubError("list self-hosted runners", err);
  }
}
async function deleteRunner(octokit, scope, id) {
  try {
    if (scope.kind === "repo")
      await octokit.request("DELETE /repos/{owner}/{repo}/actions/runners/{runner_id}", {
        owner: scope.owner,
        repo: scope.repo,
        runner_id: id
      });
    else
      await octokit.request("DELETE /orgs/{org}/actions/runners/{runner_id}", {
        org: scope.org,
        runner_id: id
      });
    return "removed";
  } catch (err) {
    const status = statusOf(err);
    if (status === 422) return "busy";
    if (status !== 404) throw githubError(`delete runner ${id}`, err);
    const listed = (await listRunners(octokit, scope)).find((r) => r.id === id);
    if (listed === void 0) return "absent";
    throw new ProviderError(
      `delete runner ${id}: GitHub answered 404, yet still lists runner ${listed.name} (busy: ${listed.busy}); check the credentials' access: left in place`,
      { status: 502, retryable: true, cause: err }
    );
  }
}
async function runnerGroupId(octokit, scope, group) {
  if (group === void 0 || scope.kind === "repo") return typeof group === "number" ? group : 1;
  if (typeof group === "number") return group;
  let groups;
  try {
    groups = await octokit.paginate("GET /orgs/{org}/actions/runner-groups", {
      org: scope.org,
      per_page: 100
    });
  } catch (err) {
    throw githubError("list runner groups", err);
  }
  const found = groups.find((g) => g.name.toLowerCase() === group.toLowerCase());
  if (found !== void 0) return found.id;
  throw new ProviderError(
    `no runner group "${group}" in ${scope.org} (have: ${groups.map((g) => g.name).join(", ")})`,
    { status: 400 }
  );
}

// src/sources/github/doctor.ts
var PERMISSION_FIX = {
  repo: 'give the token or App "Administration: read and write" on the repository (fine-grained PAT or GitHub App)',
  org: 'give the token or App "Self-hosted runners: read and write" on the organization'
};
function githubDoctorFix(err, permissionFix) {
  const status = err instanceof ProviderError ? err.status : void 0;
  if (status === 401) return "renew the token or the App private key: GitHub rejected the credentials";
  if (status === 403 || status === 404) return permissionFix;
  if (status === 429) return "wait for the rate limit to reset (see the detail), then run doctor again";
  return "check that this machine reaches the GitHub API (baseUrl, proxy, firewall) and www.githubstatus.com, then run doctor again";
}
async function check(name, fix, probe) {
  try {
    return { name, ok: true, detail: await probe() };
  } catch (err) {
    return { name, ok: false, detail: errorMessage(err), fix: githubDoctorFix(err, fix) };
  }
}
async function githubDoctor(octokit, scope, owner, repos) {
  const runners = await check("GitHub: manage self-hosted runners", PERMISSION_FIX[scope.kind], async () => {
    const list = await listRunners(octokit, scope);
    return `can list runners (${list.length} registered)`;
  });
  const runs = await check(
    "GitHub: read workflow runs and jobs",
    'give the token or App "Actions: read" on the repositories',
    async () => {
      const names = await repos();
      const first = names[0];
      if (first === void 0) return "no repositories in scope";
      try {
        await octokit.request("GET /repos/{owner}/{repo}/actions/runs", { owner, repo: first, per_page: 1 });
      } catch (err) {
        throw githubError(`list runs of ${owner}/${first}`, err);
      }
      return `can list runs (${names.length} repositories in scope)`;
    }
  );
  return [runners, runs];
}

// src/sources/github/github-source.ts
var JIT_ENV = "ACTIONS_RUNNER_INPUT_JITCONFIG";
function wantsSelfHosted(job, pool) {
  if (job.labels.some((l) => l.toLowerCase() === "self-hosted")) return true;
  return pool.labels !== void 0 && poolLabelsMatch(job.labels, pool.labels, pool.selectionLabels);
}
var GithubSource = class {
  constructor(config, api) {
    this.config = config;
    this.api = api;
    this.scope = scopeKey(config);
    this.where = scopeOf(config);
  }
  config;
  api;
  type = "github";
  scope;
  where;
  runnerIds = /* @__PURE__ */ new Map();
  /** The repository of each job listed so far: re-running a job needs it. */
  jobRepos = /* @__PURE__ */ new Map();
  group;
  async snapshot(pool) {
    const before = this.api.counter.calls;
    const { octokit } = this.api;
    const repos = await repositories(octokit, this.where, this.config.appId !== void 0);
    const [runners, ...perRepo] = await Promise.all([
      listRunners(octokit, this.where),
      ...repos.map((r) => repositoryJobs(octokit, this.config.owner, r))
    ]);
    this.remember(runners ?? []);
    perRepo.forEach((list, i) => {
      const repo = repos[i];
      if (repo !== void 0) for (const j of list) this.jobRepos.set(j.id, repo);
    });
    const jobs = perRepo.flat().filter((j) => wantsSelfHosted(j, pool));
    return { jobs, registrations: runners ?? [], apiCalls: this.api.counter.calls - before };
  }
  serves(owner, repo) {
    return scopeServes(this.where, owner, repo);
  }
  remember(runners) {
    this.runnerIds.clear();
    for (const r of runners) this.runnerIds.set(r.name, r.id);
  }
  /** Looked up once per process: runner groups are set up by hand and rarely renamed. */
  groupId() {
    if (this.group === void 0) {
      const lookup = runnerGroupId(this.api.octokit, this.where, this.config.runnerGroup);
      lookup.catch(() => {
        if (this.group === lookup) this.group = void 0;
      });
      this.group = lookup;
    }
    return this.group;
  }
  async register(pool, target) {
    const { octokit } = this.api;
    const body = {
      name: target.name,
      runner_group_id: await this.groupId(),
      // The job's machine-choosing labels too (cpu=4): GitHub gives a job only to a runner
      // that has every one of its labels.
      labels: [
        ...pool.labels ?? this.config.labels,
        ...selectionLabelsOf(target.labels ?? [], pool.selectionLabels)
      ],
      work_folder: "_work",
      // Never retried: GitHub may have made the runner when the answer was lost (a 502, a
      // timeout), and the retry's 409 would read as "already launched" with nobody holding
      // its JIT config. Failed, the launch is tried again under the next attempt's name.
      request: { retries: 0 }
    };
    try {
      const { data } = this.where.kind === "repo" ? await octokit.request("POST /repos/{owner}/{repo}/actions/runners/generate-jitconfig", {
        owner: this.where.owner,
        repo: this.where.repo,
        ...body
      }) : await octokit.request("POST /orgs/{org}/actions/runners/generate-jitconfig", {
        org: this.where.org,
        ...body
      });
      this.runnerIds.set(data.runner.name, data.runner.id);
      return { env: { [JIT_ENV]: data.encoded_jit_config }, secrets: [data.encoded_jit_config] };
    } catch (err) {
      throw githubError(`generate JIT config for ${target.name}`, err);
    }
  }
  /**
   * POST .../actions/jobs/{job_id}/rerun (needs `actions: write`). GitHub answers 403 while
   * the job's run is still going, which is the normal case just after an interruption.
   * https://docs.github.com/en/rest/actions/workflow-runs#re-run-a-job-from-a-workflow-run
   */
  async rerun(_pool, jobId) {
    const repo = this.where.kind === "repo" ? this.where.repo : this.jobRepos.get(jobId);
    if (repo === void 0)
      throw new ProviderError(`re-run job ${jobId}: its repository is not known (not listed since start)`, {
        status: 404
      });
    try {
      await this.api.octokit.request("POST /repos/{owner}/{repo}/actions/jobs/{job_id}/rerun", {
        owner: this.config.owner,
        repo,
        job_id: Number(jobId)
      });
      return { result: "requested", detail: `re-run of job ${jobId} requested` };
    } catch (err) {
      const e = githubError(`re-run job ${jobId}`, err);
      if (e.status === 403) return { result: "not-yet", detail: e.message };
      throw e;
    }
  }
  doctor() {
    const { octokit } = this.api;
    return githubDoctor(
      octokit,
      this.where,
      this.config.owner,
      () => repositories(octokit, this.where, this.config.appId !== void 0)
    );
  }
  async deregister(_pool, name) {
    let id = this.runnerIds.get(name);
    if (id === void 0) {
      this.remember(await listRunners(this.api.octokit, this.where));
      id = this.runnerIds.get(name);
    }
    if (id === void 0) return "absent";
    const result = await deleteRunner(this.api.octokit, this.where, id);
    if (result !== "busy") this.runnerIds.delete(name);
    return result;
  }
};

// src/sources/github/index.ts
async function sharedApi(config, deps) {
  const { token, appId, privateKey, installationId } = config;
  const key = clientKey(scopeKey(config), { token, appId, privateKey, installationId });
  let api = deps.shared.get(key);
  if (api === void 0) {
    api = createGithubApi(config, deps);
    deps.shared.set(key, api);
  }
  return api;
}
var githubSourceModule = {
  type: "github",
  async create(config, deps) {
    return new GithubSource(config, await sharedApi(config, deps));
  }
};
export {
  JIT_ENV,
  githubSourceModule,
  parseWorkflowJobEvent
};
