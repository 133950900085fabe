/**
 * Job traces as JSONL, one job a line:
 *
 *     # start: 2026-11-02T00:00:00Z
 *     {"id":"j1","at":0,"duration":240,"labels":["self-hosted","linux"]}
 *     {"id":"j2","at":"2026-11-02T09:00:05Z","duration":95.5,"labels":["linux"],"kind":"plan","group":"ws-1"}
 *
 * `at` is either seconds from the start or an ISO time, one kind per file: a file that
 * mixes them is almost always two traces pasted together with different origins.
 * Without a `# start:` line, ISO times count from the earliest of them. The `# start:`
 * line is what lets a trace with numeric `at` keep its place in the week (the simulator
 * starts its clock there), and what makes `parseTrace(formatTrace(t))` give back `t`.
 */
import * as z from 'zod';
import { formatPath } from '../config/path.js';
import { InputError, errorMessage } from '../core/errors.js';
import type { Trace, TraceJob } from './types.js';

const KEYS = ['id', 'at', 'duration', 'labels', 'kind', 'group'] as const;
const START_DIRECTIVE = /^#\s*start:\s*(.*)$/;
const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/i;
const ISO_EXAMPLE = 'e.g. 2026-11-02T09:00:00Z';

type ErrorMap = (issue: { readonly input?: unknown }) => string;

function expected(what: string): ErrorMap {
  return (issue) => (issue.input === undefined ? `required (${what})` : `must be ${what}`);
}

const nonEmpty = (what: string) => z.string({ error: expected(what) }).min(1, { error: `must be ${what}` });

const lineSchema = z.strictObject({
  id: nonEmpty('a non-empty string'),
  at: z
    .union([z.number(), z.string()], {
      error: expected(`seconds from the start (>= 0) or an ISO time (${ISO_EXAMPLE})`),
    })
    // Checked inside the schema, so a bad time is reported with the line's other problems.
    .transform((at, ctx) => {
      const resolved = resolveAt(at);
      if (typeof resolved !== 'string') return resolved;
      ctx.issues.push({ code: 'custom', message: resolved, input: at });
      return z.NEVER;
    }),
  duration: z
    .number({ error: expected('a number of seconds > 0') })
    .positive({ error: 'must be a number of seconds > 0' }),
  labels: z.array(nonEmpty('a non-empty string'), { error: expected('a list of label strings') }),
  kind: nonEmpty('a non-empty string').optional(),
  group: nonEmpty('a non-empty string').optional(),
});

/** A problem on one line; sorted by line before they become an InputError. */
interface LineProblem {
  readonly line: number;
  readonly message: string;
}

interface RawJob {
  readonly line: number;
  readonly job: Omit<TraceJob, 'at'>;
  /** Seconds from the start, or epoch milliseconds of an ISO time. */
  readonly at:
    { readonly iso: false; readonly seconds: number } | { readonly iso: true; readonly ms: number };
}

/** Epoch ms of an ISO time with a zone, undefined when it is not one (Feb 30 included). */
export function isoTimeMs(text: string): number | undefined {
  const match = ISO_TIME.exec(text);
  if (match === null) return undefined;
  const [, year = '', month = '', day = ''] = match;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (date.getUTCMonth() !== Number(month) - 1 || date.getUTCDate() !== Number(day)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

/** ISO time in UTC, without milliseconds when they are zero. */
function isoOf(ms: number): string {
  return new Date(ms).toISOString().replace(/\.000Z$/, 'Z');
}

function issueMessages(error: z.ZodError): string[] {
  return error.issues.flatMap((issue) => {
    const where = formatPath(issue.path);
    const prefix = where === '' ? '' : `${where}: `;
    if (issue.code !== 'unrecognized_keys') return [`${prefix}${issue.message}`];
    return issue.keys.map((key) => `${prefix}unknown key "${key}" (expected ${KEYS.join(', ')})`);
  });
}

function jsonOf(text: string): { value: unknown } | { error: string } {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (err) {
    return { error: `not valid JSON (${errorMessage(err)})` };
  }
}

function resolveAt(at: number | string): RawJob['at'] | string {
  if (typeof at === 'number') {
    return Number.isFinite(at) && at >= 0
      ? { iso: false, seconds: at }
      : 'seconds from the start must be >= 0';
  }
  const ms = isoTimeMs(at);
  if (ms === undefined) return `must be an ISO time with a zone (${ISO_EXAMPLE}), got ${JSON.stringify(at)}`;
  return { iso: true, ms };
}

/**
 * One array per distinct label set: label matching keeps its answers per array
 * (core/labels.ts), so jobs that share an array are matched once, as generated ones are.
 */
function labelInterner(): (labels: readonly string[]) => readonly string[] {
  const sets = new Map<string, readonly string[]>();
  return (labels) => {
    const key = labels.join('\u0000');
    const known = sets.get(key);
    if (known !== undefined) return known;
    sets.set(key, labels);
    return labels;
  };
}

/** One job line, or what is wrong with it (every field at once). */
function parseLine(
  text: string,
  line: number,
  intern: (labels: readonly string[]) => readonly string[],
): RawJob | string[] {
  const json = jsonOf(text);
  if ('error' in json) return [json.error];
  if (typeof json.value !== 'object' || json.value === null || Array.isArray(json.value))
    return ['must be a JSON object with id, at, duration and labels'];
  const result = lineSchema.safeParse(json.value);
  if (!result.success) return issueMessages(result.error);
  const { at, ...fields } = result.data;
  const job: Omit<TraceJob, 'at'> = {
    id: fields.id,
    duration: fields.duration,
    labels: intern(fields.labels),
    ...(fields.kind !== undefined && { kind: fields.kind }),
    ...(fields.group !== undefined && { group: fields.group }),
  };
  return { line, job, at };
}

interface Scan {
  readonly jobs: RawJob[];
  readonly problems: LineProblem[];
  start?: { readonly ms: number; readonly line: number };
}

function scanDirective(scan: Scan, text: string, line: number): void {
  const match = START_DIRECTIVE.exec(text);
  if (match === null) return;
  const value = (match[1] ?? '').trim();
  const ms = isoTimeMs(value);
  if (scan.start !== undefined)
    scan.problems.push({ line, message: `# start: given twice (first on line ${scan.start.line})` });
  else if (ms === undefined)
    scan.problems.push({ line, message: `# start: must be an ISO time with a zone (${ISO_EXAMPLE})` });
  else scan.start = { ms, line };
}

/** Checks that apply across lines: unique ids, one kind of `at` per file. */
function crossCheck(scan: Scan, job: RawJob, ids: Map<string, number>, firstAt: RawJob | undefined): boolean {
  const { line } = job;
  let ok = true;
  const seen = ids.get(job.job.id);
  if (seen !== undefined) {
    scan.problems.push({ line, message: `id: ${JSON.stringify(job.job.id)} is also the id on line ${seen}` });
    ok = false;
  } else ids.set(job.job.id, line);
  if (firstAt !== undefined && firstAt.at.iso !== job.at.iso) {
    const [mine, theirs] = job.at.iso ? ['an ISO time', 'seconds'] : ['seconds', 'ISO times'];
    scan.problems.push({
      line,
      message: `at: ${mine}, but line ${firstAt.line} gives ${theirs}; use one kind of "at" per file`,
    });
    ok = false;
  }
  return ok;
}

function scanLines(text: string): Scan {
  const scan: Scan = { jobs: [], problems: [] };
  const ids = new Map<string, number>();
  const intern = labelInterner();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '') return;
    if (trimmed.startsWith('#')) {
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

/** Seconds from the start for every job; ISO times before a `# start:` line are problems. */
function resolve(scan: Scan): { jobs: TraceJob[]; start?: string } {
  // A loop, not Math.min(...): a trace of a few hundred thousand jobs overflows the call stack.
  let earliest: number | undefined;
  for (const j of scan.jobs)
    if (j.at.iso && (earliest === undefined || j.at.ms < earliest)) earliest = j.at.ms;
  const origin = scan.start?.ms ?? earliest;
  const jobs: TraceJob[] = [];
  for (const raw of scan.jobs) {
    const at = raw.at.iso ? (raw.at.ms - (origin ?? raw.at.ms)) / 1000 : raw.at.seconds;
    if (at < 0) {
      const where = `line ${scan.start?.line ?? 0}`;
      scan.problems.push({ line: raw.line, message: `at: before the trace's start (# start: on ${where})` });
    } else jobs.push({ ...raw.job, at });
  }
  return { jobs, ...(origin !== undefined && { start: isoOf(origin) }) };
}

/**
 * Parses a JSONL trace. Every invalid line is reported in one InputError, each at
 * `SOURCE:LINE`. Jobs come out ordered by `at`, file order kept between equal times.
 */
export function parseTrace(text: string, source: string): Trace {
  const scan = scanLines(text);
  const { jobs, start } = resolve(scan);
  if (scan.problems.length > 0) {
    const problems = [...scan.problems]
      .sort((a, b) => a.line - b.line)
      .map((p) => ({ path: `${source}:${p.line}`, message: p.message }));
    throw new InputError(`invalid trace ${source}`, problems);
  }
  if (jobs.length === 0)
    throw new InputError(`invalid trace ${source}`, [
      { path: source, message: 'has no jobs (every line is blank or a comment)' },
    ]);
  jobs.sort((a, b) => a.at - b.at);
  return { jobs, ...(start !== undefined && { start }) };
}

/** JSONL with numeric `at`, a `# start:` line first when the trace has a start, and a final newline. */
export function formatTrace(trace: Trace): string {
  const lines = trace.start === undefined ? [] : [`# start: ${trace.start}`];
  for (const job of trace.jobs) {
    lines.push(
      JSON.stringify({
        id: job.id,
        at: job.at,
        duration: job.duration,
        labels: job.labels,
        ...(job.kind !== undefined && { kind: job.kind }),
        ...(job.group !== undefined && { group: job.group }),
      }),
    );
  }
  return `${lines.join('\n')}\n`;
}
