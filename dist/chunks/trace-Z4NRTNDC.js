import { createRequire as __ciScalerRequire } from 'node:module'; import { fileURLToPath as __ciScalerPath } from 'node:url'; const require = __ciScalerRequire(import.meta.url); const __filename = __ciScalerPath(import.meta.url); const __dirname = __ciScalerPath(new globalThis.URL('.', import.meta.url));
import {
  MAX_DAYS,
  MAX_JOBS,
  TRACE_PATTERNS,
  formatTrace,
  generateTrace,
  isoTimeMs
} from "./chunk-NELDJQ6Y.js";
import {
  createGithubApi,
  scopeOf
} from "./chunk-HPIK4V2A.js";
import {
  githubError,
  repositories
} from "./chunk-EB5KCF72.js";
import "./chunk-2QXK5UIT.js";
import {
  EXIT,
  reportError
} from "./chunk-3FCGAFJP.js";
import {
  cliLogger,
  githubSourceSchema
} from "./chunk-K474Y2GW.js";
import "./chunk-2PFF7OUX.js";
import "./chunk-PTYMIJUA.js";
import "./chunk-XC5OKA23.js";
import "./chunk-VZT4X2BW.js";
import {
  parseDuration
} from "./chunk-7AVGHHRG.js";
import "./chunk-DRG3NORQ.js";
import {
  InputError
} from "./chunk-346N7LIJ.js";
import {
  __commonJS,
  __require,
  __toESM
} from "./chunk-M2JWUYOJ.js";

// builtin:src/runtimes/commands/trace.ts needs fs/promises
var require_promises = __commonJS({
  "builtin:src/runtimes/commands/trace.ts needs fs/promises"(exports, module) {
    module.exports = __require("node:fs/promises");
  }
});

// builtin:src/runtimes/commands/trace.ts needs path
var require_trace = __commonJS({
  "builtin:src/runtimes/commands/trace.ts needs path"(exports, module) {
    module.exports = __require("node:path");
  }
});

// src/runtimes/commands/trace.ts
var import_promises = __toESM(require_promises(), 1);
var import_node_path = __toESM(require_trace(), 1);

// src/sources/github/history.ts
var SEARCH_CAP = 1e3;
var PER_PAGE = 100;
function isoSeconds(ms) {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}
async function runsIn(octokit, owner, repo, from, to) {
  const created = `${isoSeconds(from)}..${isoSeconds(to)}`;
  const list = (page) => octokit.request("GET /repos/{owner}/{repo}/actions/runs", {
    owner,
    repo,
    created,
    per_page: PER_PAGE,
    page
  });
  const first = (await list(1)).data;
  if (first.total_count >= SEARCH_CAP && to - from >= 2e3) {
    const mid = from + Math.floor((to - from) / 2e3) * 1e3;
    return [
      ...await runsIn(octokit, owner, repo, from, mid),
      ...await runsIn(octokit, owner, repo, mid + 1e3, to)
    ];
  }
  const ids = first.workflow_runs.map((r) => Number(r.id));
  const pages = Math.ceil(Math.min(first.total_count, SEARCH_CAP) / PER_PAGE);
  for (let page = 2; page <= pages; page++)
    ids.push(...(await list(page)).data.workflow_runs.map((r) => Number(r.id)));
  return ids;
}
async function runsOf(octokit, scope, options) {
  const from = Math.floor(options.since.getTime() / 1e3) * 1e3;
  const to = Math.floor((options.until ?? /* @__PURE__ */ new Date()).getTime() / 1e3) * 1e3;
  const refs = [];
  const seen = /* @__PURE__ */ new Set();
  for (const repo of await repositories(octokit, scope, false)) {
    try {
      for (const id of await runsIn(octokit, options.owner, repo, from, to)) {
        if (!seen.has(id)) refs.push({ repo, id });
        seen.add(id);
      }
    } catch (err) {
      throw githubError(`list workflow runs of ${options.owner}/${repo}`, err);
    }
  }
  return refs;
}
function outcomeOf(j) {
  if (j.status !== "completed" || j.completed_at === null) return "notCompleted";
  const ran = (j.runner_id ?? 0) > 0 || (j.runner_name ?? "") !== "";
  if (!ran || j.conclusion === "skipped") return "neverStarted";
  const createdMs = Date.parse(j.created_at);
  const seconds = (Date.parse(j.completed_at) - Date.parse(j.started_at)) / 1e3;
  if (Number.isNaN(createdMs) || Number.isNaN(seconds)) return "neverStarted";
  return { job: { id: String(j.id), duration: Math.max(1, seconds), labels: [...j.labels] }, createdMs };
}
function toHistory(found, rest) {
  if (found.length === 0) return { jobs: [], ...rest };
  found.sort((a, b) => a.createdMs - b.createdMs || Number(a.job.id) - Number(b.job.id));
  const origin = found[0]?.createdMs ?? 0;
  const jobs = found.map(({ job, createdMs }) => ({ ...job, at: (createdMs - origin) / 1e3 }));
  return { jobs, start: isoSeconds(origin), ...rest };
}
async function exportJobHistory(octokit, scope, options) {
  const runs = await runsOf(octokit, scope, options);
  const found = [];
  const skipped = { notCompleted: 0, neverStarted: 0 };
  for (const [index, run] of runs.entries()) {
    let list;
    try {
      list = await octokit.paginate("GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs", {
        owner: options.owner,
        repo: run.repo,
        run_id: run.id,
        filter: "all",
        per_page: PER_PAGE
      });
    } catch (err) {
      throw githubError(`list jobs of run ${run.id} in ${options.owner}/${run.repo}`, err);
    }
    for (const j of list) {
      const outcome = outcomeOf(j);
      if (typeof outcome === "string") skipped[outcome] += 1;
      else found.push(outcome);
    }
    options.onProgress?.(index + 1, runs.length);
  }
  return toHistory(found, { runs: runs.length, skipped });
}

// src/runtimes/commands/trace.ts
var PROGRESS_LINES = 20;
var DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
var OPTION_OF = {
  owner: "--owner",
  repo: "--repo",
  baseUrl: "--base-url"
};
async function exitCodeOf(io, run) {
  try {
    await run();
    return EXIT.ok;
  } catch (err) {
    return reportError(io, err);
  }
}
async function writeTrace(io, trace, out) {
  const text = formatTrace(trace);
  if (out === void 0) {
    io.stdout(text);
    return;
  }
  const file = (0, import_node_path.resolve)(io.cwd, out);
  await (0, import_promises.mkdir)((0, import_node_path.dirname)(file), { recursive: true });
  await (0, import_promises.writeFile)(file, text);
}
function wholeNumber(text, fallback, min, max) {
  if (text === void 0) return fallback;
  if (!/^-?\d+$/.test(text.trim())) return void 0;
  const n = Number(text);
  return Number.isSafeInteger(n) && n >= min && n <= max ? n : void 0;
}
function isPattern(text) {
  return TRACE_PATTERNS.includes(text);
}
function generateOptions(opts) {
  const problems = [];
  const jobs = wholeNumber(opts.jobs, 0, 1, MAX_JOBS);
  const seed = wholeNumber(opts.seed, 1, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  const days = wholeNumber(opts.days, 7, 1, MAX_DAYS);
  if (!isPattern(opts.pattern))
    problems.push({ path: "--pattern", message: `must be one of ${TRACE_PATTERNS.join(", ")}` });
  if (jobs === void 0)
    problems.push({ path: "--jobs", message: `must be a whole number >= 1 (at most ${MAX_JOBS})` });
  if (seed === void 0) problems.push({ path: "--seed", message: "must be a whole number" });
  if (days === void 0)
    problems.push({ path: "--days", message: `must be a whole number >= 1 (at most ${MAX_DAYS})` });
  if (problems.length > 0 || !isPattern(opts.pattern) || jobs === void 0 || seed === void 0 || days === void 0)
    throw new InputError("invalid options", problems);
  return { pattern: opts.pattern, jobs, seed, days };
}
function traceGenerateCommand(io, opts) {
  return exitCodeOf(io, async () => {
    const options = generateOptions(opts);
    const trace = generateTrace(options);
    await writeTrace(io, trace, opts.out);
    const where = opts.out === void 0 ? "" : ` to ${opts.out}`;
    io.stderr(
      `wrote ${trace.jobs.length} jobs (${options.pattern}, seed ${options.seed}, ${options.days} days)${where}
`
    );
  });
}
function parseSince(text, now) {
  const trimmed = text.trim();
  const iso = DATE_ONLY.test(trimmed) ? isoTimeMs(`${trimmed}T00:00:00Z`) : isoTimeMs(trimmed);
  const duration = iso === void 0 ? parseDuration(trimmed) : void 0;
  const ms = iso ?? (duration !== void 0 && "ms" in duration && duration.ms > 0 ? now - duration.ms : void 0);
  if (ms === void 0)
    return "must be a duration back from now (e.g. 7d, 36h) or an ISO date (e.g. 2026-11-01 or 2026-11-01T09:00:00Z)";
  if (ms > now) return `is in the future (${new Date(ms).toISOString()})`;
  return new Date(ms);
}
function githubOptions(io, opts) {
  const problems = [];
  const token = opts.token ?? io.env.GITHUB_TOKEN;
  if (token === void 0 || token === "")
    problems.push({
      path: "--token",
      message: "missing: pass --token or set GITHUB_TOKEN (needs Actions: read)"
    });
  const since = parseSince(opts.since, io.clock());
  if (typeof since === "string") problems.push({ path: "--since", message: since });
  const parsed = githubSourceSchema.safeParse({
    type: "github",
    owner: opts.owner,
    // The schema wants the labels a pool starts; an export reads every job, whatever its labels.
    labels: ["self-hosted"],
    ...opts.repo !== void 0 && { repo: opts.repo },
    ...opts.baseUrl !== void 0 && { baseUrl: opts.baseUrl },
    ...token !== void 0 && token !== "" && { token }
  });
  if (!parsed.success)
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? "");
      problems.push({ path: OPTION_OF[key] ?? `--${key}`, message: issue.message });
    }
  if (problems.length > 0 || !parsed.success || typeof since === "string")
    throw new InputError("invalid options", problems);
  return { config: parsed.data, since };
}
function progress(io) {
  return (done, total) => {
    const step = Math.max(1, Math.ceil(total / PROGRESS_LINES));
    if (done % step === 0 || done === total) io.stderr(`runs ${done}/${total}
`);
  };
}
function summary(history, since) {
  const { notCompleted, neverStarted } = history.skipped;
  return `exported ${history.jobs.length} jobs from ${history.runs} runs created since ${since.toISOString()}; skipped ${notCompleted + neverStarted} (${notCompleted} not completed, ${neverStarted} never started)
`;
}
function masking(io, secret) {
  if (secret === void 0 || secret === "") return io;
  return {
    ...io,
    stderr: (text) => {
      io.stderr(text.replaceAll(secret, "***"));
    }
  };
}
function traceGithubCommand(io, opts) {
  const token = opts.token ?? io.env.GITHUB_TOKEN;
  const out = masking(io, token);
  return exitCodeOf(out, async () => {
    const { config, since } = githubOptions(io, opts);
    const logger = cliLogger(out, false, () => token === void 0 ? [] : [token]);
    const { octokit } = await createGithubApi(config, { logger });
    const history = await exportJobHistory(octokit, scopeOf(config), {
      owner: config.owner,
      since,
      until: new Date(io.clock()),
      onProgress: progress(out)
    });
    out.stderr(summary(history, since));
    if (history.jobs.length === 0) throw new Error("no finished job in that time: nothing written");
    await writeTrace(io, history, opts.out);
  });
}
export {
  parseSince,
  traceGenerateCommand,
  traceGithubCommand
};
