import { createRequire as __ciScalerRequire } from 'node:module'; import { fileURLToPath as __ciScalerPath } from 'node:url'; const require = __ciScalerRequire(import.meta.url); const __filename = __ciScalerPath(import.meta.url); const __dirname = __ciScalerPath(new globalThis.URL('.', import.meta.url));
import {
  formatPath
} from "./chunk-K474Y2GW.js";
import {
  NEVER,
  array,
  number,
  strictObject,
  string,
  union
} from "./chunk-DRG3NORQ.js";
import {
  InputError,
  errorMessage
} from "./chunk-346N7LIJ.js";

// src/sim/random.ts
var Z95 = 1.6448536269514722;
function hash(label, seed) {
  let h = seed ^ 2654435769;
  for (let i = 0; i < label.length; i++) {
    h = Math.imul(h ^ label.charCodeAt(i), 2246822507);
    h ^= h >>> 13;
  }
  return h >>> 0;
}
function stateOf(seed) {
  const high = Math.floor(seed / 4294967296);
  if (high === 0) return seed >>> 0;
  const h = Math.imul(high ^ high >>> 16, 73244475);
  return (seed ^ (h ^ h >>> 16)) >>> 0;
}
function seededRandom(seed) {
  const start = stateOf(seed);
  let state = start;
  const next = () => {
    state = state + 1831565813 >>> 0;
    let t = state;
    t = Math.imul(t ^ t >>> 15, t | 1);
    t ^= t + Math.imul(t ^ t >>> 7, t | 61);
    return ((t ^ t >>> 14) >>> 0) / 4294967296;
  };
  const normal = () => {
    const u = 1 - next();
    const v = next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    normal,
    lognormal: (median, p95) => {
      const mu = Math.log(median);
      const sigma = p95 > median ? (Math.log(p95) - mu) / Z95 : 0;
      return Math.exp(mu + sigma * normal());
    },
    exponential: (mean) => -mean * Math.log(1 - next()),
    pick: (items) => {
      const item = items[Math.floor(next() * items.length)];
      if (item === void 0) throw new RangeError("pick from an empty list");
      return item;
    },
    fork: (label) => seededRandom(hash(label, start))
  };
}

// src/sim/trace-generate.ts
var TRACE_PATTERNS = ["weekday", "burst", "nightly", "matrix", "terraform"];
var GENERATED_START = "2026-11-02T00:00:00Z";
var MAX_JOBS = 1e6;
var MAX_DAYS = 366;
var DAY = 86400;
var HOUR = 3600;
var MINUTE = 60;
var MEDIAN_DURATION = 240;
var P95_DURATION = 1200;
var MIN_DURATION = 5;
var MAX_DURATION = 6 * HOUR;
var BURST_SHARE = 0.7;
var NIGHTLY_SHARE = 0.6;
var FAN_OUT = { min: 6, max: 24, spreadSeconds: 4, durationSpread: 0.15 };
var PUSH_GAP = 60;
var TERRAFORM = {
  jobsPerWorkspace: 40,
  applyShare: 0.6,
  plan: { median: 90, p95: 480 },
  apply: { median: 150, p95: 900 },
  approval: { median: 10 * MINUTE, p95: 45 * MINUTE }
};
var LABELS = {
  standard: ["self-hosted", "linux"],
  large: ["self-hosted", "linux", "large"],
  arm64: ["self-hosted", "linux", "arm64"]
};
function problemsOf(options) {
  const problems = [];
  if (!TRACE_PATTERNS.includes(options.pattern))
    problems.push({ path: "pattern", message: `must be one of ${TRACE_PATTERNS.join(", ")}` });
  if (!Number.isInteger(options.jobs) || options.jobs < 1 || options.jobs > MAX_JOBS)
    problems.push({ path: "jobs", message: `must be a whole number from 1 to ${MAX_JOBS}` });
  if (!Number.isSafeInteger(options.seed)) problems.push({ path: "seed", message: "must be a whole number" });
  const days = options.days ?? 7;
  if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS)
    problems.push({ path: "days", message: `must be a whole number from 1 to ${MAX_DAYS}` });
  return problems;
}
function bump(hour, centre, width, height) {
  return height * Math.exp(-(((hour - centre) / width) ** 2) / 2);
}
function officeRate(t) {
  const quiet = 0.02;
  const weekday = Math.floor(t / DAY) % 7 < 5;
  const hour = t % DAY / HOUR;
  if (!weekday || hour < 8 || hour >= 19) return quiet;
  const plateau = hour >= 9 && hour < 18 ? 1 : 0.15;
  return quiet + plateau + bump(hour, 10.5, 0.8, 1.6) + bump(hour, 14.5, 1, 2.2) - bump(hour, 12.5, 0.5, 0.6);
}
function concentrate(weights, minutes, share) {
  const background = weights.reduce((a, b) => a + b, 0);
  const extra = background * share / (1 - share) / minutes.length;
  for (const m of minutes) weights[m] = (weights[m] ?? 0) + extra;
}
function minuteWeights(pattern, days) {
  const weights = new Float64Array(days * 1440);
  const light = pattern === "burst" || pattern === "nightly" ? 0.4 : 1;
  for (let m = 0; m < weights.length; m++) weights[m] = light * officeRate(m * MINUTE + MINUTE / 2);
  if (pattern === "burst") {
    const tops = Array.from({ length: days * 24 }, (_, h) => h * 60);
    concentrate(weights, [...tops, ...tops.map((m) => m + 1)], BURST_SHARE);
  }
  if (pattern === "nightly") {
    const batch = Array.from({ length: days * 5 }, (_, i) => Math.floor(i / 5) * 1440 + 120 + i % 5);
    concentrate(weights, batch, NIGHTLY_SHARE);
  }
  return weights;
}
function arrivals(weights, count, random) {
  const cumulative = new Float64Array(weights.length);
  let total = 0;
  for (let i = 0; i < weights.length; i++) {
    total += weights[i] ?? 0;
    cumulative[i] = total;
  }
  const times = [];
  for (let i = 0; i < count; i++) {
    const target = random.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = lo + hi >> 1;
      if ((cumulative[mid] ?? 0) <= target) lo = mid + 1;
      else hi = mid;
    }
    times.push(lo * MINUTE + Math.floor(random.next() * MINUTE));
  }
  return times.sort((a, b) => a - b);
}
function clampDuration(seconds) {
  return Math.round(Math.min(MAX_DURATION, Math.max(MIN_DURATION, seconds)));
}
function duration(random) {
  return clampDuration(random.lognormal(MEDIAN_DURATION, P95_DURATION));
}
function labels(random) {
  const r = random.next();
  if (r < 0.2) return LABELS.large;
  if (r < 0.3) return LABELS.arm64;
  return LABELS.standard;
}
function fanOutSizes(jobs, random) {
  const sizes = [];
  let rest = jobs;
  while (rest > FAN_OUT.max + FAN_OUT.min) {
    const size = random.int(FAN_OUT.min, FAN_OUT.max);
    sizes.push(size);
    rest -= size;
  }
  if (rest > FAN_OUT.max) sizes.push(Math.floor(rest / 2), Math.ceil(rest / 2));
  else sizes.push(rest);
  return sizes;
}
function matrixDrafts(days, jobs, random) {
  const sizes = fanOutSizes(jobs, random.fork("sizes"));
  const pushes = arrivals(minuteWeights("matrix", days), sizes.length, random.fork("pushes"));
  const legs = random.fork("legs");
  const drafts = [];
  let previous = -Infinity;
  sizes.forEach((size, i) => {
    const push = Math.max(pushes[i] ?? 0, previous + PUSH_GAP);
    previous = push;
    const base = duration(legs);
    const runsOn = labels(legs);
    for (let leg = 0; leg < size; leg++) {
      const at = push + Math.floor(legs.next() * (FAN_OUT.spreadSeconds + 1));
      const spread = 1 + (legs.next() - 0.5) * 2 * FAN_OUT.durationSpread;
      drafts.push({ at, duration: clampDuration(base * spread), labels: runsOn });
    }
  });
  return drafts;
}
function appliedChanges(jobs, random) {
  const applied = [];
  for (let runs = 0; runs < jobs; ) {
    const apply = runs + 2 <= jobs && random.chance(TERRAFORM.applyShare);
    applied.push(apply);
    runs += apply ? 2 : 1;
  }
  return applied;
}
function terraformDrafts(days, jobs, random) {
  const applied = appliedChanges(jobs, random.fork("applies"));
  const changes = arrivals(minuteWeights("terraform", days), applied.length, random.fork("changes"));
  const pick = random.fork("runs");
  const workspaces = Math.max(3, Math.round(jobs / TERRAFORM.jobsPerWorkspace));
  const width = String(workspaces).length;
  const drafts = [];
  changes.forEach((at, i) => {
    const group = `ws-${String(pick.int(1, workspaces)).padStart(width, "0")}`;
    const plan = clampDuration(pick.lognormal(TERRAFORM.plan.median, TERRAFORM.plan.p95));
    drafts.push({ at, duration: plan, labels: [], kind: "plan", group });
    if (applied[i] !== true) return;
    const approved = at + plan + Math.round(pick.lognormal(TERRAFORM.approval.median, TERRAFORM.approval.p95));
    const apply = clampDuration(pick.lognormal(TERRAFORM.apply.median, TERRAFORM.apply.p95));
    drafts.push({ at: approved, duration: apply, labels: [], kind: "apply", group });
  });
  return drafts;
}
function independentDrafts(pattern, days, jobs, random) {
  const times = arrivals(minuteWeights(pattern, days), jobs, random.fork("arrivals"));
  const durations = random.fork("durations");
  const mix = random.fork("labels");
  return times.map((at) => ({ at, duration: duration(durations), labels: labels(mix) }));
}
function generateTrace(options) {
  const problems = problemsOf(options);
  if (problems.length > 0) throw new InputError("invalid trace options", problems);
  const days = options.days ?? 7;
  const random = seededRandom(options.seed).fork(options.pattern);
  const drafts = options.pattern === "matrix" ? matrixDrafts(days, options.jobs, random) : options.pattern === "terraform" ? terraformDrafts(days, options.jobs, random) : independentDrafts(options.pattern, days, options.jobs, random);
  drafts.sort((a, b) => a.at - b.at);
  const width = Math.max(6, String(drafts.length).length);
  const jobs = drafts.map((d, i) => ({ id: `j${String(i + 1).padStart(width, "0")}`, ...d }));
  return { jobs, start: GENERATED_START };
}

// src/sim/trace-file.ts
var KEYS = ["id", "at", "duration", "labels", "kind", "group"];
var START_DIRECTIVE = /^#\s*start:\s*(.*)$/;
var ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/i;
var ISO_EXAMPLE = "e.g. 2026-11-02T09:00:00Z";
function expected(what) {
  return (issue) => issue.input === void 0 ? `required (${what})` : `must be ${what}`;
}
var nonEmpty = (what) => string({ error: expected(what) }).min(1, { error: `must be ${what}` });
var lineSchema = strictObject({
  id: nonEmpty("a non-empty string"),
  at: union([number(), string()], {
    error: expected(`seconds from the start (>= 0) or an ISO time (${ISO_EXAMPLE})`)
  }).transform((at, ctx) => {
    const resolved = resolveAt(at);
    if (typeof resolved !== "string") return resolved;
    ctx.issues.push({ code: "custom", message: resolved, input: at });
    return NEVER;
  }),
  duration: number({ error: expected("a number of seconds > 0") }).positive({ error: "must be a number of seconds > 0" }),
  labels: array(nonEmpty("a non-empty string"), { error: expected("a list of label strings") }),
  kind: nonEmpty("a non-empty string").optional(),
  group: nonEmpty("a non-empty string").optional()
});
function isoTimeMs(text) {
  const match = ISO_TIME.exec(text);
  if (match === null) return void 0;
  const [, year = "", month = "", day = ""] = match;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (date.getUTCMonth() !== Number(month) - 1 || date.getUTCDate() !== Number(day)) return void 0;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? void 0 : ms;
}
function isoOf(ms) {
  return new Date(ms).toISOString().replace(/\.000Z$/, "Z");
}
function issueMessages(error) {
  return error.issues.flatMap((issue) => {
    const where = formatPath(issue.path);
    const prefix = where === "" ? "" : `${where}: `;
    if (issue.code !== "unrecognized_keys") return [`${prefix}${issue.message}`];
    return issue.keys.map((key) => `${prefix}unknown key "${key}" (expected ${KEYS.join(", ")})`);
  });
}
function jsonOf(text) {
  try {
    return { value: JSON.parse(text) };
  } catch (err) {
    return { error: `not valid JSON (${errorMessage(err)})` };
  }
}
function resolveAt(at) {
  if (typeof at === "number") {
    return Number.isFinite(at) && at >= 0 ? { iso: false, seconds: at } : "seconds from the start must be >= 0";
  }
  const ms = isoTimeMs(at);
  if (ms === void 0) return `must be an ISO time with a zone (${ISO_EXAMPLE}), got ${JSON.stringify(at)}`;
  return { iso: true, ms };
}
function labelInterner() {
  const sets = /* @__PURE__ */ new Map();
  return (labels2) => {
    const key = labels2.join("\0");
    const known = sets.get(key);
    if (known !== void 0) return known;
    sets.set(key, labels2);
    return labels2;
  };
}
function parseLine(text, line, intern) {
  const json = jsonOf(text);
  if ("error" in json) return [json.error];
  if (typeof json.value !== "object" || json.value === null || Array.isArray(json.value))
    return ["must be a JSON object with id, at, duration and labels"];
  const result = lineSchema.safeParse(json.value);
  if (!result.success) return issueMessages(result.error);
  const { at, ...fields } = result.data;
  const job = {
    id: fields.id,
    duration: fields.duration,
    labels: intern(fields.labels),
    ...fields.kind !== void 0 && { kind: fields.kind },
    ...fields.group !== void 0 && { group: fields.group }
  };
  return { line, job, at };
}
function scanDirective(scan, text, line) {
  const match = START_DIRECTIVE.exec(text);
  if (match === null) return;
  const value = (match[1] ?? "").trim();
  const ms = isoTimeMs(value);
  if (scan.start !== void 0)
    scan.problems.push({ line, message: `# start: given twice (first on line ${scan.start.line})` });
  else if (ms === void 0)
    scan.problems.push({ line, message: `# start: must be an ISO time with a zone (${ISO_EXAMPLE})` });
  else scan.start = { ms, line };
}
function crossCheck(scan, job, ids, firstAt) {
  const { line } = job;
  let ok = true;
  const seen = ids.get(job.job.id);
  if (seen !== void 0) {
    scan.problems.push({ line, message: `id: ${JSON.stringify(job.job.id)} is also the id on line ${seen}` });
    ok = false;
  } else ids.set(job.job.id, line);
  if (firstAt !== void 0 && firstAt.at.iso !== job.at.iso) {
    const [mine, theirs] = job.at.iso ? ["an ISO time", "seconds"] : ["seconds", "ISO times"];
    scan.problems.push({
      line,
      message: `at: ${mine}, but line ${firstAt.line} gives ${theirs}; use one kind of "at" per file`
    });
    ok = false;
  }
  return ok;
}
function scanLines(text) {
  const scan = { jobs: [], problems: [] };
  const ids = /* @__PURE__ */ new Map();
  const intern = labelInterner();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === "") return;
    if (trimmed.startsWith("#")) {
      scanDirective(scan, trimmed, line);
      return;
    }
    const parsed = parseLine(trimmed, line, intern);
    if (Array.isArray(parsed)) {
      scan.problems.push(...parsed.map((message) => ({ line, message })));
      return;
    }
    if (crossCheck(scan, parsed, ids, scan.jobs[0])) scan.jobs.push(parsed);
  });
  return scan;
}
function resolve(scan) {
  let earliest;
  for (const j of scan.jobs)
    if (j.at.iso && (earliest === void 0 || j.at.ms < earliest)) earliest = j.at.ms;
  const origin = scan.start?.ms ?? earliest;
  const jobs = [];
  for (const raw of scan.jobs) {
    const at = raw.at.iso ? (raw.at.ms - (origin ?? raw.at.ms)) / 1e3 : raw.at.seconds;
    if (at < 0) {
      const where = `line ${scan.start?.line ?? 0}`;
      scan.problems.push({ line: raw.line, message: `at: before the trace's start (# start: on ${where})` });
    } else jobs.push({ ...raw.job, at });
  }
  return { jobs, ...origin !== void 0 && { start: isoOf(origin) } };
}
function parseTrace(text, source) {
  const scan = scanLines(text);
  const { jobs, start } = resolve(scan);
  if (scan.problems.length > 0) {
    const problems = [...scan.problems].sort((a, b) => a.line - b.line).map((p) => ({ path: `${source}:${p.line}`, message: p.message }));
    throw new InputError(`invalid trace ${source}`, problems);
  }
  if (jobs.length === 0)
    throw new InputError(`invalid trace ${source}`, [
      { path: source, message: "has no jobs (every line is blank or a comment)" }
    ]);
  jobs.sort((a, b) => a.at - b.at);
  return { jobs, ...start !== void 0 && { start } };
}
function formatTrace(trace) {
  const lines = trace.start === void 0 ? [] : [`# start: ${trace.start}`];
  for (const job of trace.jobs) {
    lines.push(
      JSON.stringify({
        id: job.id,
        at: job.at,
        duration: job.duration,
        labels: job.labels,
        ...job.kind !== void 0 && { kind: job.kind },
        ...job.group !== void 0 && { group: job.group }
      })
    );
  }
  return `${lines.join("\n")}
`;
}

export {
  seededRandom,
  TRACE_PATTERNS,
  GENERATED_START,
  MAX_JOBS,
  MAX_DAYS,
  generateTrace,
  isoTimeMs,
  parseTrace,
  formatTrace
};
