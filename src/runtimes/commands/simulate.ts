import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseConfigDocument, validateConfig, type Config } from '../../config/index.js';
import { InputError, type Problem, errorMessage } from '../../core/errors.js';
import { compareStrategies } from '../../sim/compare.js';
import { DEMO_CONFIG, DEMO_TRACE } from '../../sim/demo-defaults.js';
import { formatReport } from '../../sim/format-table.js';
import { simPoolsOf } from '../../sim/sim-pool.js';
import { COMPARISONS, STRATEGY_NAMES, strategyNamed, type Strategy } from '../../sim/strategies/index.js';
import { parseTrace } from '../../sim/trace-file.js';
import { generateTrace } from '../../sim/trace-generate.js';
import type { SimulationReport, Trace } from '../../sim/types.js';
import { loadConfigOffline, unsetEnvNotes } from '../cli-context.js';
import type { CliIo } from '../cli-io.js';
import { progressLine } from '../progress.js';

export interface SimulateCommandOptions {
  readonly config: string;
  readonly trace: string;
  readonly compare?: string;
  readonly report?: string;
  readonly json?: boolean;
  readonly seed?: string;
  readonly eventLoss?: string;
  readonly eventDuplication?: string;
}

export interface DemoOptions {
  readonly report?: string;
  readonly json?: boolean;
}

interface Parsed {
  readonly compare: Strategy[];
  readonly seed: number;
  readonly eventLoss: number;
  readonly eventDuplication: number;
}

function share(text: string | undefined, option: string, problems: Problem[]): number {
  if (text === undefined) return 0;
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1)
    problems.push({ path: option, message: `must be a share between 0 and 1 (got "${text}")` });
  return n;
}

/** Every bad option at once, each naming itself. */
function parseOptions(opts: SimulateCommandOptions): Parsed {
  const problems: Problem[] = [];
  const names = (opts.compare ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const compare = names.flatMap((name) => {
    const strategy = strategyNamed(name);
    if (strategy === undefined)
      problems.push({
        path: '--compare',
        message: `unknown strategy "${name}" (one of ${STRATEGY_NAMES.join(', ')})`,
      });
    return strategy === undefined ? [] : [strategy];
  });
  const seed = opts.seed === undefined ? 1 : Number(opts.seed);
  if (!Number.isSafeInteger(seed) || seed < 0)
    problems.push({ path: '--seed', message: `must be a whole number >= 0 (got "${opts.seed ?? ''}")` });
  const eventLoss = share(opts.eventLoss, '--event-loss', problems);
  const eventDuplication = share(opts.eventDuplication, '--event-duplication', problems);
  if (problems.length > 0) throw new InputError('invalid options', problems);
  return { compare, seed, eventLoss, eventDuplication };
}

interface Run {
  readonly config: Config;
  readonly configName: string;
  readonly trace: Trace;
  readonly traceName: string;
  readonly options: Parsed;
}

async function runAndReport(io: CliIo, run: Run, out: { report?: string; json?: boolean }): Promise<void> {
  const progress = progressLine(io, 'simulating');
  const report: SimulationReport = await compareStrategies({
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
    },
  });
  progress.done();
  io.stdout(out.json === true ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
  if (out.report !== undefined) {
    // Loaded on use: vega is the heaviest thing in the CLI.
    const { renderHtmlReport } = await import('../../sim/report-html.js');
    const path = resolve(io.cwd, out.report);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, await renderHtmlReport(report));
    io.stderr(`report written to ${out.report}\n`);
  }
}

async function readTrace(io: CliIo, file: string): Promise<Trace> {
  let text: string;
  try {
    text = await readFile(resolve(io.cwd, file), 'utf8');
  } catch (err) {
    throw new InputError(`cannot read trace ${file}`, [{ path: '--trace', message: errorMessage(err) }]);
  }
  return parseTrace(text, file);
}

/** `ci-scaler simulate`: a config and a trace through the real engine on a simulated clock. */
export async function simulateCommand(io: CliIo, opts: SimulateCommandOptions): Promise<void> {
  const options = parseOptions(opts);
  // The simulator talks to no backend: the config's secrets need not be set.
  const [{ config, unsetEnv }, trace] = await Promise.all([
    loadConfigOffline(io, opts.config),
    readTrace(io, opts.trace),
  ]);
  io.stderr(unsetEnvNotes(unsetEnv, 'simulate'));
  await runAndReport(io, { config, configName: opts.config, trace, traceName: opts.trace, options }, opts);
}

/**
 * `ci-scaler demo`: the bundled config and weekday trace (generated, the same as
 * examples/traces/weekday.jsonl) against every comparison strategy, the table on stdout
 * and the HTML report in the working folder.
 */
export async function demoCommand(io: CliIo, opts: DemoOptions): Promise<void> {
  const config = validateConfig(parseConfigDocument(DEMO_CONFIG, 'demo.yaml'), io.env, 'demo.yaml');
  const options: Parsed = { compare: [...COMPARISONS.values()], seed: 1, eventLoss: 0, eventDuplication: 0 };
  const run = {
    config,
    configName: 'demo.yaml (built in)',
    trace: generateTrace(DEMO_TRACE),
    traceName: 'weekday (built in)',
    options,
  };
  await runAndReport(io, run, {
    report: opts.report ?? 'ci-scaler-demo.html',
    ...(opts.json === true && { json: true }),
  });
}
