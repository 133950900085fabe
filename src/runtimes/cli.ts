import { resolve } from 'node:path';
import { Command, CommanderError } from 'commander';
import { toUnits, type Config } from '../config/index.js';
import { coveredPools, type CoveredPool } from '../core/index.js';
import { parseObservation } from '../engine/plan/observation-file.js';
import { formatPlan, plan } from '../engine/plan/plan.js';
import { loadConfigOffline, unsetEnvNotes } from './cli-context.js';
import { EXIT, reportError, type CliIo } from './cli-io.js';
import { doctorCommand } from './commands/doctor.js';
import { reconcileCommand, type ReconcileOptions } from './commands/reconcile.js';
import type { ServeOptions } from './commands/serve.js';
import type { DemoOptions, SimulateCommandOptions } from './commands/simulate.js';
import type { TraceGenerateOptions, TraceGithubOptions } from './commands/trace.js';
import { BUILT_PROVIDER_TYPES, notBuiltMessage } from '../providers/registry.js';
import { readDataFile } from './read-input.js';
import { nodeVersionWarning } from './node-version.js';
import { VERSION } from './version.js';

/** Every unit's resolved policy (a pool with capacity classes is one unit per class). */
const policiesOf = (config: Config) => config.pools.flatMap(toUnits).map((u) => u.policy);

async function validateCommand(io: CliIo, opts: { config: string }): Promise<void> {
  const { config, unsetEnv } = await loadConfigOffline(io, opts.config);
  const names = config.pools.map(
    (p) => `${p.name} (${p.source.type} -> ${p.provider.type}, ${p.min}..${p.max})`,
  );
  io.stdout(`${opts.config}: ok, ${config.pools.length} pool(s): ${names.join(', ')}\n`);
  io.stdout(unsetEnvNotes(unsetEnv, 'validate'));
  const policies = policiesOf(config);
  for (const c of coveredPools(policies)) io.stdout(`${coveredNote(c)}\n`);
  config.pools.forEach((p, i) => {
    if (!BUILT_PROVIDER_TYPES.has(p.provider.type))
      io.stdout(
        `note: pools[${i}].provider.type: ${notBuiltMessage(p.provider.type)}; reconcile, serve and the action refuse it, plan and simulate can use it\n`,
      );
    if (p.provider.type === 'ec2' && p.provider.labelSelection.length > 0 && p.min > 0 && p.warm === 0)
      io.stdout(
        `note: pools[${i}]: with labelSelection and min ${p.min}, an idle runner without a job's ${p.provider.labelSelection[0] ?? ''}= label counts as capacity for it but cannot take it; such a job waits until that runner is used. Set warm (or min 0) so a runner is launched for it\n`,
      );
  });
}

/** Valid, and worth knowing: why a pool's workers may idle (README, "A runner belongs to its pool"). */
function coveredNote(c: CoveredPool): string {
  const list = (labels: readonly string[]) => `[${labels.join(', ')}]`;
  return (
    `note: a job for pool ${c.pool} (runs-on: ${list(c.labels)}) may start on a runner of pool ${c.by} ` +
    `${list(c.byLabels)}; the ${c.pool} worker launched for it then waits for the next ${c.pool} job. ` +
    `A label only ${c.pool}'s runners carry keeps the two apart.`
  );
}

async function planCommand(
  io: CliIo,
  opts: { config: string; observation: string; json?: boolean },
): Promise<void> {
  const { config, unsetEnv } = await loadConfigOffline(io, opts.config);
  // stdout carries the plan (JSON with --json): the notes go to stderr.
  io.stderr(unsetEnvNotes(unsetEnv, 'plan'));
  const policies = policiesOf(config);
  const raw = await readDataFile(resolve(io.cwd, opts.observation), 'observation file');
  const observation = parseObservation(
    raw,
    policies.map((p) => p.name),
  );
  const out = plan(observation, policies);
  io.stdout(opts.json === true ? `${JSON.stringify(out, null, 2)}\n` : `${formatPlan(out)}\n`);
}

/** validate, plan, reconcile, doctor: the commands that read a config and its backends. */
function operateCommands(cli: Command, io: CliIo, setExit: (code: number) => void): void {
  cli
    .command('validate')
    .description('Check a config file and report every problem at once.')
    .requiredOption('-c, --config <file>', 'config file (YAML or JSON)')
    .action((opts: { config: string }) => validateCommand(io, opts));
  cli
    .command('plan')
    .description('Run the decision on a recorded observation (format version 1), with no I/O to any backend.')
    .requiredOption('-c, --config <file>', 'config file (YAML or JSON)')
    .requiredOption('--observation <file>', 'observation file (JSON or YAML, "version": 1)')
    .option('--json', 'print the plan as JSON (format version 1)')
    .action((opts: { config: string; observation: string; json?: boolean }) => planCommand(io, opts));
  cli
    .command('reconcile')
    .description('Run one full reconcile (observe, decide, act, record) of every pool, or of one.')
    .requiredOption('-c, --config <file>', 'config file (YAML or JSON)')
    .option('--pool <name>', 'only this pool')
    .option('--dry-run', 'decide and print, without acting or recording')
    .option('--json', 'print the results as JSON')
    .option('--verbose', 'log every action (JSON lines on stderr)')
    .action(async (opts: ReconcileOptions) => {
      setExit(await reconcileCommand(io, opts));
    });
  cli
    .command('doctor')
    .description(
      'Check, per pool, credentials and permissions, the provider and its image, and the state store.',
    )
    .requiredOption('-c, --config <file>', 'config file (YAML or JSON)')
    .option('--pool <name>', 'only this pool')
    .action(async (opts: { config: string; pool?: string }) => {
      setExit(await doctorCommand(io, opts));
    });
}

/** simulate, demo: the simulator. */
function simulatorCommands(cli: Command, io: CliIo): void {
  cli
    .command('simulate')
    .description(
      'Replay a job trace through the real engine on a simulated clock, with simulated machines; print wait, idle and cost.',
    )
    .requiredOption('-c, --config <file>', 'config file (YAML or JSON); each pool may set `simulation:`')
    .requiredOption('--trace <file>', 'job trace (JSONL, one job a line)')
    .option(
      '--compare <names>',
      'comparison strategies, comma-separated: poll-30s, cron-scale-down, min-plus-assigned, threshold, or ci-scaler:<preset> (conservative, balanced, aggressive: that preset on every pool)',
    )
    .option('--report <file>', 'write a self-contained HTML report with charts')
    .option('--json', 'print the results as JSON (format version 1)')
    .option('--seed <n>', 'random seed (default 1): same config, trace and seed give the same result')
    .option('--event-loss <share>', 'share of job events never delivered, 0..1 (default 0)')
    .option('--event-duplication <share>', 'share of job events delivered twice, 0..1 (default 0)')
    .action(async (opts: SimulateCommandOptions) => {
      const { simulateCommand } = await import('./commands/simulate.js');
      await simulateCommand(io, opts);
    });
  cli
    .command('demo')
    .description(
      'Simulate a built-in config and a week of jobs with every comparison strategy; print the table, write the report.',
    )
    .option('--report <file>', 'where the HTML report goes (default ci-scaler-demo.html)')
    .option('--json', 'print the results as JSON')
    .action(async (opts: DemoOptions) => {
      const { demoCommand } = await import('./commands/simulate.js');
      await demoCommand(io, opts);
    });
}

/** trace generate, trace github: traces for the simulator. */
function traceCommands(cli: Command, io: CliIo, setExit: (code: number) => void): void {
  const trace = cli.command('trace').description('Make job traces for the simulator.');
  trace
    .command('generate')
    .description('Generate a trace with a realistic shape (deterministic for a seed).')
    .requiredOption('--pattern <name>', 'weekday, burst, nightly, matrix, or terraform (plans and applies)')
    .requiredOption('--jobs <n>', 'number of jobs')
    .option('--days <n>', 'days the trace spans (default 7)')
    .option('--seed <n>', 'random seed (default 1)')
    .option('--out <file>', 'write here instead of stdout')
    .action(async (opts: TraceGenerateOptions) => {
      const { traceGenerateCommand } = await import('./commands/trace.js');
      setExit(await traceGenerateCommand(io, opts));
    });
  trace
    .command('github')
    .description(
      "Export a repository's or organization's real job history as a trace, through the GitHub API.",
    )
    .requiredOption('--owner <owner>', 'organization or user')
    .option('--repo <repo>', 'one repository (default: every repository of the owner)')
    .requiredOption('--since <when>', 'how far back: a duration (7d, 36h) or an ISO date')
    .option('--out <file>', 'write here instead of stdout')
    .option('--token <token>', 'GitHub token (default: $GITHUB_TOKEN)')
    .option('--base-url <url>', 'GitHub Enterprise Server API URL')
    .action(async (opts: TraceGithubOptions) => {
      const { traceGithubCommand } = await import('./commands/trace.js');
      setExit(await traceGithubCommand(io, opts));
    });
}

/** state init, serve: setting up a store and running the server. */
function serviceCommands(cli: Command, io: CliIo, setExit: (code: number) => void): void {
  cli
    .command('state')
    .description('Set up a state store.')
    .command('init')
    .description(
      'Create the DynamoDB table for `state: { type: dynamodb }` (an existing one with the right keys is fine).',
    )
    .requiredOption('--dynamodb <table>', 'table name')
    .option('--region <region>', 'AWS region (default: the AWS environment)')
    .option('--endpoint <url>', 'endpoint override, e.g. http://localhost:8000 for DynamoDB Local')
    .action(async (opts: { dynamodb: string; region?: string; endpoint?: string }) => {
      // Loaded on use: the AWS SDK is only for this and the dynamodb store.
      const { stateInitCommand } = await import('./commands/state-init.js');
      await stateInitCommand(io, opts);
    });
  cli
    .command('serve')
    .description(
      'Run the webhook server (POST /webhook, /healthz, /readyz, /metrics, /api) and reconcile every pool on its interval.',
    )
    .requiredOption('-c, --config <file>', 'config file (YAML or JSON)')
    .option('--port <n>', 'port to listen on (default: server.port, 8080; 0: any free port)')
    .option('--host <address>', 'address to listen on (default: server.host, 0.0.0.0)')
    .action(async (opts: ServeOptions) => {
      // Loaded on use: the other commands never load the HTTP server, pino or prom-client.
      const { serveCommand } = await import('./commands/serve.js');
      setExit(await serveCommand(io, opts));
    });
}

function program(io: CliIo, setExit: (code: number) => void): Command {
  const cli = new Command('ci-scaler')
    .description(
      'Autoscaler for CI capacity: reads queued and running jobs, decides how many workers should exist, and starts or removes them.',
    )
    .version(VERSION, '-v, --version')
    .showHelpAfterError()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();
  operateCommands(cli, io, setExit);
  simulatorCommands(cli, io);
  traceCommands(cli, io, setExit);
  serviceCommands(cli, io, setExit);
  return cli;
}

/** Maps errors to exit codes, here at the edge only; unknown errors print a short line, not a stack. */
function exitCodeFor(err: unknown, io: CliIo): number {
  if (err instanceof CommanderError) {
    return err.exitCode === 0 ? EXIT.ok : EXIT.input;
  }
  return reportError(io, err);
}

/** Runs the CLI with `argv` (arguments only, no node and script path); returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const old = io.nodeVersion === undefined ? undefined : nodeVersionWarning(io.nodeVersion);
  if (old !== undefined) io.stderr(old);
  let code: number = EXIT.ok;
  try {
    await program(io, (c) => (code = c)).parseAsync([...argv], { from: 'user' });
    return code;
  } catch (err) {
    return exitCodeFor(err, io);
  }
}
