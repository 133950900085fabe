import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseDuration } from '../../config/duration.js';
import { githubSourceSchema, type GithubSourceConfig } from '../../config/source-schema.js';
import { InputError, type Problem } from '../../core/errors.js';
import { formatTrace, isoTimeMs } from '../../sim/trace-file.js';
import {
  generateTrace,
  MAX_DAYS,
  MAX_JOBS,
  TRACE_PATTERNS,
  type TracePattern,
} from '../../sim/trace-generate.js';
import type { Trace } from '../../sim/types.js';
import { createGithubApi } from '../../sources/github/api.js';
import { exportJobHistory, type JobHistory } from '../../sources/github/history.js';
import { scopeOf } from '../../sources/github/scope.js';
import { cliLogger } from '../cli-context.js';
import { EXIT, reportError, type CliIo } from '../cli-io.js';

export interface TraceGenerateOptions {
  readonly pattern: string;
  readonly jobs: string;
  readonly seed?: string;
  readonly days?: string;
  readonly out?: string;
}

export interface TraceGithubOptions {
  readonly owner: string;
  readonly repo?: string;
  /** A duration back from now (`7d`, `36h`) or an ISO date or time. */
  readonly since: string;
  readonly out?: string;
  readonly token?: string;
  readonly baseUrl?: string;
}

/** Progress lines per export at most, so a long history does not flood the terminal. */
const PROGRESS_LINES = 20;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const OPTION_OF: Readonly<Record<string, string>> = {
  owner: '--owner',
  repo: '--repo',
  baseUrl: '--base-url',
};

/**
 * The commands return their exit code rather than throwing, so a caller in-process
 * (tests, cli.ts) gets the same code and message as a user at a shell.
 */
async function exitCodeOf(io: CliIo, run: () => Promise<void>): Promise<number> {
  try {
    await run();
    return EXIT.ok;
  } catch (err) {
    return reportError(io, err);
  }
}

async function writeTrace(io: CliIo, trace: Trace, out: string | undefined): Promise<void> {
  const text = formatTrace(trace);
  if (out === undefined) {
    io.stdout(text);
    return;
  }
  const file = resolve(io.cwd, out);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, text);
}

function wholeNumber(
  text: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number | undefined {
  if (text === undefined) return fallback;
  if (!/^-?\d+$/.test(text.trim())) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) && n >= min && n <= max ? n : undefined;
}

function isPattern(text: string): text is TracePattern {
  return (TRACE_PATTERNS as readonly string[]).includes(text);
}

function generateOptions(opts: TraceGenerateOptions) {
  const problems: Problem[] = [];
  const jobs = wholeNumber(opts.jobs, 0, 1, MAX_JOBS);
  const seed = wholeNumber(opts.seed, 1, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  const days = wholeNumber(opts.days, 7, 1, MAX_DAYS);
  if (!isPattern(opts.pattern))
    problems.push({ path: '--pattern', message: `must be one of ${TRACE_PATTERNS.join(', ')}` });
  if (jobs === undefined)
    problems.push({ path: '--jobs', message: `must be a whole number >= 1 (at most ${MAX_JOBS})` });
  if (seed === undefined) problems.push({ path: '--seed', message: 'must be a whole number' });
  if (days === undefined)
    problems.push({ path: '--days', message: `must be a whole number >= 1 (at most ${MAX_DAYS})` });
  if (
    problems.length > 0 ||
    !isPattern(opts.pattern) ||
    jobs === undefined ||
    seed === undefined ||
    days === undefined
  )
    throw new InputError('invalid options', problems);
  return { pattern: opts.pattern, jobs, seed, days };
}

/** `ci-scaler trace generate`: a synthetic trace as JSONL, to `--out` or stdout. */
export function traceGenerateCommand(io: CliIo, opts: TraceGenerateOptions): Promise<number> {
  return exitCodeOf(io, async () => {
    const options = generateOptions(opts);
    const trace = generateTrace(options);
    await writeTrace(io, trace, opts.out);
    const where = opts.out === undefined ? '' : ` to ${opts.out}`;
    io.stderr(
      `wrote ${trace.jobs.length} jobs (${options.pattern}, seed ${options.seed}, ${options.days} days)${where}\n`,
    );
  });
}

/** `--since`: a duration back from now, or an ISO date (midnight UTC) or time with a zone. */
export function parseSince(text: string, now: number): Date | string {
  const trimmed = text.trim();
  const iso = DATE_ONLY.test(trimmed) ? isoTimeMs(`${trimmed}T00:00:00Z`) : isoTimeMs(trimmed);
  const duration = iso === undefined ? parseDuration(trimmed) : undefined;
  const ms =
    iso ?? (duration !== undefined && 'ms' in duration && duration.ms > 0 ? now - duration.ms : undefined);
  if (ms === undefined)
    return 'must be a duration back from now (e.g. 7d, 36h) or an ISO date (e.g. 2026-11-01 or 2026-11-01T09:00:00Z)';
  if (ms > now) return `is in the future (${new Date(ms).toISOString()})`;
  return new Date(ms);
}

function githubOptions(io: CliIo, opts: TraceGithubOptions): { config: GithubSourceConfig; since: Date } {
  const problems: Problem[] = [];
  const token = opts.token ?? io.env.GITHUB_TOKEN;
  if (token === undefined || token === '')
    problems.push({
      path: '--token',
      message: 'missing: pass --token or set GITHUB_TOKEN (needs Actions: read)',
    });
  const since = parseSince(opts.since, io.clock());
  if (typeof since === 'string') problems.push({ path: '--since', message: since });
  const parsed = githubSourceSchema.safeParse({
    type: 'github',
    owner: opts.owner,
    // The schema wants the labels a pool starts; an export reads every job, whatever its labels.
    labels: ['self-hosted'],
    ...(opts.repo !== undefined && { repo: opts.repo }),
    ...(opts.baseUrl !== undefined && { baseUrl: opts.baseUrl }),
    ...(token !== undefined && token !== '' && { token }),
  });
  if (!parsed.success)
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? '');
      problems.push({ path: OPTION_OF[key] ?? `--${key}`, message: issue.message });
    }
  if (problems.length > 0 || !parsed.success || typeof since === 'string')
    throw new InputError('invalid options', problems);
  return { config: parsed.data, since };
}

function progress(io: CliIo): (done: number, total: number) => void {
  return (done, total) => {
    const step = Math.max(1, Math.ceil(total / PROGRESS_LINES));
    if (done % step === 0 || done === total) io.stderr(`runs ${done}/${total}\n`);
  };
}

function summary(history: JobHistory, since: Date): string {
  const { notCompleted, neverStarted } = history.skipped;
  return (
    `exported ${history.jobs.length} jobs from ${history.runs} runs created since ${since.toISOString()}; ` +
    `skipped ${notCompleted + neverStarted} (${notCompleted} not completed, ${neverStarted} never started)\n`
  );
}

/** Every stderr line without the token, whatever an error message carries. */
function masking(io: CliIo, secret: string | undefined): CliIo {
  if (secret === undefined || secret === '') return io;
  return {
    ...io,
    stderr: (text) => {
      io.stderr(text.replaceAll(secret, '***'));
    },
  };
}

/** `ci-scaler trace github`: the finished jobs of a repository or organisation as a JSONL trace. */
export function traceGithubCommand(io: CliIo, opts: TraceGithubOptions): Promise<number> {
  const token = opts.token ?? io.env.GITHUB_TOKEN;
  const out = masking(io, token);
  return exitCodeOf(out, async () => {
    const { config, since } = githubOptions(io, opts);
    const logger = cliLogger(out, false, () => (token === undefined ? [] : [token]));
    const { octokit } = await createGithubApi(config, { logger });
    const history = await exportJobHistory(octokit, scopeOf(config), {
      owner: config.owner,
      since,
      until: new Date(io.clock()),
      onProgress: progress(out),
    });
    out.stderr(summary(history, since));
    if (history.jobs.length === 0) throw new Error('no finished job in that time: nothing written');
    await writeTrace(io, history, opts.out);
  });
}
