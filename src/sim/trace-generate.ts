/**
 * Synthetic job traces with the shapes CI load has in practice: office-hours waves, cron
 * bursts, nightly batches, matrix fan-outs, and Terraform plans and applies. The same options give the same trace on
 * every machine (seeded), so a report can name the trace by its options.
 */
import { InputError, type Problem } from '../core/errors.js';
import { seededRandom, type Random } from './random.js';
import type { Trace, TraceJob } from './types.js';

export type TracePattern = 'weekday' | 'burst' | 'nightly' | 'matrix' | 'terraform';
export const TRACE_PATTERNS: readonly TracePattern[] = ['weekday', 'burst', 'nightly', 'matrix', 'terraform'];

export interface GenerateOptions {
  readonly pattern: TracePattern;
  readonly jobs: number;
  readonly seed: number;
  /** Days of simulated time, default 7. */
  readonly days?: number;
}

/** A Monday at midnight UTC: day 0 of every generated trace, so days 5 and 6 are the weekend. */
export const GENERATED_START = '2026-11-02T00:00:00Z';
export const MAX_JOBS = 1_000_000;
export const MAX_DAYS = 366;

const DAY = 86_400;
const HOUR = 3_600;
const MINUTE = 60;
const MEDIAN_DURATION = 240;
const P95_DURATION = 1_200;
const MIN_DURATION = 5;
/** GitHub cancels a job after six hours: a longer one would never happen. */
const MAX_DURATION = 6 * HOUR;
/** Share of the jobs in the hourly cron bursts (burst) and in the nightly batch (nightly). */
const BURST_SHARE = 0.7;
const NIGHTLY_SHARE = 0.6;
/** Legs of one fan-out queue within `spreadSeconds` and run within ±`durationSpread` of each other. */
const FAN_OUT = { min: 6, max: 24, spreadSeconds: 4, durationSpread: 0.15 } as const;
/** Pushes at least this far apart, so two fan-outs never interleave into one. */
const PUSH_GAP = 60;
/**
 * Terraform changes: a plan in one workspace, and for most of them an apply once someone
 * approves it. Plans are shorter than applies; approval takes minutes, sometimes an hour.
 */
const TERRAFORM = {
  jobsPerWorkspace: 40,
  applyShare: 0.6,
  plan: { median: 90, p95: 480 },
  apply: { median: 150, p95: 900 },
  approval: { median: 10 * MINUTE, p95: 45 * MINUTE },
} as const;

const LABELS = {
  standard: ['self-hosted', 'linux'],
  large: ['self-hosted', 'linux', 'large'],
  arm64: ['self-hosted', 'linux', 'arm64'],
} as const;

function problemsOf(options: GenerateOptions): Problem[] {
  const problems: Problem[] = [];
  if (!TRACE_PATTERNS.includes(options.pattern))
    problems.push({ path: 'pattern', message: `must be one of ${TRACE_PATTERNS.join(', ')}` });
  if (!Number.isInteger(options.jobs) || options.jobs < 1 || options.jobs > MAX_JOBS)
    problems.push({ path: 'jobs', message: `must be a whole number from 1 to ${MAX_JOBS}` });
  if (!Number.isSafeInteger(options.seed)) problems.push({ path: 'seed', message: 'must be a whole number' });
  const days = options.days ?? 7;
  if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS)
    problems.push({ path: 'days', message: `must be a whole number from 1 to ${MAX_DAYS}` });
  return problems;
}

function bump(hour: number, centre: number, width: number, height: number): number {
  return height * Math.exp(-(((hour - centre) / width) ** 2) / 2);
}

/**
 * Relative arrival rate of developer-driven jobs at second `t` (0 = Monday 00:00): quiet
 * at night and at weekends, a plateau from 09 to 18 with a morning peak and a larger
 * after-lunch one, and a dip over lunch between them.
 */
export function officeRate(t: number): number {
  const quiet = 0.02;
  const weekday = Math.floor(t / DAY) % 7 < 5;
  const hour = (t % DAY) / HOUR;
  if (!weekday || hour < 8 || hour >= 19) return quiet;
  const plateau = hour >= 9 && hour < 18 ? 1 : 0.15;
  return quiet + plateau + bump(hour, 10.5, 0.8, 1.6) + bump(hour, 14.5, 1, 2.2) - bump(hour, 12.5, 0.5, 0.6);
}

/** Adds `share` of the total weight to the given minutes, evenly: the rest stays as it was. */
function concentrate(weights: Float64Array, minutes: readonly number[], share: number): void {
  const background = weights.reduce((a, b) => a + b, 0);
  const extra = (background * share) / (1 - share) / minutes.length;
  for (const m of minutes) weights[m] = (weights[m] ?? 0) + extra;
}

/** Arrival weight of each minute of the horizon. */
function minuteWeights(pattern: TracePattern, days: number): Float64Array {
  const weights = new Float64Array(days * 1_440);
  const light = pattern === 'burst' || pattern === 'nightly' ? 0.4 : 1;
  for (let m = 0; m < weights.length; m++) weights[m] = light * officeRate(m * MINUTE + MINUTE / 2);
  if (pattern === 'burst') {
    const tops = Array.from({ length: days * 24 }, (_, h) => h * 60);
    concentrate(weights, [...tops, ...tops.map((m) => m + 1)], BURST_SHARE);
  }
  if (pattern === 'nightly') {
    const batch = Array.from({ length: days * 5 }, (_, i) => Math.floor(i / 5) * 1_440 + 120 + (i % 5));
    concentrate(weights, batch, NIGHTLY_SHARE);
  }
  return weights;
}

/** `count` arrival times in whole seconds, drawn from the minute weights. */
function arrivals(weights: Float64Array, count: number, random: Random): number[] {
  const cumulative = new Float64Array(weights.length);
  let total = 0;
  for (let i = 0; i < weights.length; i++) {
    total += weights[i] ?? 0;
    cumulative[i] = total;
  }
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const target = random.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] ?? 0) <= target) lo = mid + 1;
      else hi = mid;
    }
    times.push(lo * MINUTE + Math.floor(random.next() * MINUTE));
  }
  return times.sort((a, b) => a - b);
}

function clampDuration(seconds: number): number {
  return Math.round(Math.min(MAX_DURATION, Math.max(MIN_DURATION, seconds)));
}

function duration(random: Random): number {
  return clampDuration(random.lognormal(MEDIAN_DURATION, P95_DURATION));
}

function labels(random: Random): readonly string[] {
  const r = random.next();
  if (r < 0.2) return LABELS.large;
  if (r < 0.3) return LABELS.arm64;
  return LABELS.standard;
}

type Draft = Omit<TraceJob, 'id'>;

/** Sizes of the fan-outs, each 6..24, summing to `jobs` (one smaller fan-out when jobs < 6). */
export function fanOutSizes(jobs: number, random: Random): number[] {
  const sizes: number[] = [];
  let rest = jobs;
  // Stop while the rest still splits into one or two legal fan-outs.
  while (rest > FAN_OUT.max + FAN_OUT.min) {
    const size = random.int(FAN_OUT.min, FAN_OUT.max);
    sizes.push(size);
    rest -= size;
  }
  if (rest > FAN_OUT.max) sizes.push(Math.floor(rest / 2), Math.ceil(rest / 2));
  else sizes.push(rest);
  return sizes;
}

/** Pushes whose matrix legs all queue within a few seconds, with similar durations and one runs-on. */
function matrixDrafts(days: number, jobs: number, random: Random): Draft[] {
  const sizes = fanOutSizes(jobs, random.fork('sizes'));
  const pushes = arrivals(minuteWeights('matrix', days), sizes.length, random.fork('pushes'));
  const legs = random.fork('legs');
  const drafts: Draft[] = [];
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

/** Whether each change is applied, drawn until plans and applies number exactly `jobs`. */
function appliedChanges(jobs: number, random: Random): boolean[] {
  const applied: boolean[] = [];
  for (let runs = 0; runs < jobs;) {
    const apply = runs + 2 <= jobs && random.chance(TERRAFORM.applyShare);
    applied.push(apply);
    runs += apply ? 2 : 1;
  }
  return applied;
}

/**
 * Runs of a Terraform agent pool: no labels (agents take any run of their pool), a `kind`
 * (plan, apply) and the workspace as `group`, so a workspace runs one at a time.
 */
function terraformDrafts(days: number, jobs: number, random: Random): Draft[] {
  const applied = appliedChanges(jobs, random.fork('applies'));
  const changes = arrivals(minuteWeights('terraform', days), applied.length, random.fork('changes'));
  const pick = random.fork('runs');
  const workspaces = Math.max(3, Math.round(jobs / TERRAFORM.jobsPerWorkspace));
  const width = String(workspaces).length;
  const drafts: Draft[] = [];
  changes.forEach((at, i) => {
    const group = `ws-${String(pick.int(1, workspaces)).padStart(width, '0')}`;
    const plan = clampDuration(pick.lognormal(TERRAFORM.plan.median, TERRAFORM.plan.p95));
    drafts.push({ at, duration: plan, labels: [], kind: 'plan', group });
    if (applied[i] !== true) return;
    const approved =
      at + plan + Math.round(pick.lognormal(TERRAFORM.approval.median, TERRAFORM.approval.p95));
    const apply = clampDuration(pick.lognormal(TERRAFORM.apply.median, TERRAFORM.apply.p95));
    drafts.push({ at: approved, duration: apply, labels: [], kind: 'apply', group });
  });
  return drafts;
}

function independentDrafts(pattern: TracePattern, days: number, jobs: number, random: Random): Draft[] {
  const times = arrivals(minuteWeights(pattern, days), jobs, random.fork('arrivals'));
  const durations = random.fork('durations');
  const mix = random.fork('labels');
  return times.map((at) => ({ at, duration: duration(durations), labels: labels(mix) }));
}

/**
 * A trace of exactly `jobs` jobs over `days` days from GENERATED_START. Durations are
 * long-tailed (lognormal, median 4 min, p95 20 min); about 70% of jobs ask for
 * `self-hosted, linux`, 20% add `large` and 10% `arm64`, so three pools can be set up.
 * `terraform` makes runs of a Terraform agent pool instead (terraformDrafts).
 */
export function generateTrace(options: GenerateOptions): Trace {
  const problems = problemsOf(options);
  if (problems.length > 0) throw new InputError('invalid trace options', problems);
  const days = options.days ?? 7;
  const random = seededRandom(options.seed).fork(options.pattern);
  const drafts =
    options.pattern === 'matrix'
      ? matrixDrafts(days, options.jobs, random)
      : options.pattern === 'terraform'
        ? terraformDrafts(days, options.jobs, random)
        : independentDrafts(options.pattern, days, options.jobs, random);
  drafts.sort((a, b) => a.at - b.at);
  const width = Math.max(6, String(drafts.length).length);
  const jobs = drafts.map((d, i) => ({ id: `j${String(i + 1).padStart(width, '0')}`, ...d }));
  return { jobs, start: GENERATED_START };
}
