import { resolve } from 'node:path';
import { parseConfigDocument, readConfigDocument, validateConfig, type Config } from '../config/index.js';
import { ConfigError, InputError, errorMessage } from '../core/errors.js';
import { poolLabelsMatch } from '../core/labels.js';
import type { EventResult, ReconcileResult } from '../engine/engine.js';
import { parseWorkflowJobEvent } from '../sources/github/workflow-job-event.js';
import { actionsLogger, type ActionsLogSink } from '../telemetry/actions-logger.js';
import { readTrigger } from './action/event.js';
import { applyInputs, readInputs, type ActionInputs } from './action/inputs.js';
import { renderSummary, type PoolReport } from './action/summary.js';
import { buildEngine, type Built } from './build-engine.js';

/** The slice of `@actions/core` the action uses, injected so tests need no runner. */
export interface ActionCore extends ActionsLogSink {
  getInput(name: string): string;
  error(message: string, properties?: { title?: string; file?: string }): void;
  setFailed(message: string): void;
  setOutput(name: string, value: string): void;
  setSecret(value: string): void;
  readonly summary: { addRaw(text: string): unknown; write(): Promise<unknown> };
}

export interface ActionDeps {
  readonly core: ActionCore;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly clock: () => number;
}

const DEFAULT_CONFIG = '.github/ci-scaler.yml';

/** Where the config comes from, as annotations name it. */
function configFile(inputs: ActionInputs): string {
  return inputs.configInline !== undefined ? 'config-inline' : (inputs.config ?? DEFAULT_CONFIG);
}

async function loadConfig(deps: ActionDeps, inputs: ActionInputs): Promise<{ config: Config; file: string }> {
  const file = configFile(inputs);
  const doc =
    inputs.configInline !== undefined
      ? parseConfigDocument(inputs.configInline, 'config-inline.yaml')
      : await readConfigDocument(resolve(deps.cwd, file));
  return { config: validateConfig(applyInputs(doc, inputs), deps.env, file), file };
}

interface Work {
  readonly title: string;
  readonly event?: EventResult;
  readonly pools: readonly string[];
}

/** The fast path for a workflow_job event, then the pools it concerns to reconcile. */
async function handleJob(
  built: Built,
  payload: unknown,
  inputs: ActionInputs,
  deps: ActionDeps,
): Promise<Work> {
  const event = parseWorkflowJobEvent(payload);
  const title = `workflow_job ${event.action} (job ${event.job.id}, ${event.owner}/${event.repo})`;
  const pools = built.pools
    .filter(
      (p) =>
        p.policy.labels !== undefined &&
        poolLabelsMatch(event.job.labels, p.policy.labels, p.policy.selectionLabels),
    )
    .map((p) => p.policy.name);
  if (pools.length === 0) {
    deps.core.info(
      `job ${event.job.id} (labels ${event.job.labels.join(', ')}) matches no pool: nothing to do`,
    );
    return { title, pools };
  }
  // A dry run decides only; the reconcile below shows what it would do.
  const result = inputs.dryRun ? undefined : await built.engine.handleJobEvent(event);
  return { title, pools, ...(result !== undefined && { event: result }) };
}

async function reconcileAll(built: Built, work: Work, dryRun: boolean): Promise<PoolReport[]> {
  const reports: PoolReport[] = [];
  for (const pool of work.pools) {
    const event = work.event?.pool === pool ? work.event : undefined;
    let reconcile: ReconcileResult | undefined;
    let error: string | undefined;
    try {
      reconcile = await built.engine.reconcile(pool, { dryRun });
    } catch (err) {
      error = `reconcile failed: ${errorMessage(err)}`;
    }
    // The pool's state may be what failed (an unreadable cache entry): the summary then
    // shows its error without history, and the other pools still get their reconcile.
    let history: PoolReport['history'] = [];
    if (built.store.capabilities.has('history')) {
      try {
        history = await built.store.listHistory(pool, 40);
      } catch (err) {
        error ??= `history unreadable: ${errorMessage(err)}`;
      }
    }
    reports.push({
      pool,
      history,
      ...(event && { event }),
      ...(reconcile && { reconcile }),
      ...(error !== undefined && { error }),
    });
  }
  return reports;
}

function failures(reports: readonly PoolReport[]): string[] {
  return reports.flatMap((r) => [
    ...(r.error !== undefined ? [`pool ${r.pool}: ${r.error}`] : []),
    ...[...(r.event?.outcomes ?? []), ...(r.reconcile?.outcomes ?? [])]
      .filter((o) => o.result === 'failed')
      .map((o) => `pool ${r.pool}: ${o.type} ${o.target} failed: ${o.detail}`),
  ]);
}

function setOutputs(core: ActionCore, title: string, reports: readonly PoolReport[]): void {
  const outcomes = reports.flatMap((r) => [...(r.event?.outcomes ?? []), ...(r.reconcile?.outcomes ?? [])]);
  const launched = outcomes.filter((o) => o.type === 'launch' && o.result === 'ok').length;
  const terminated = outcomes.filter((o) => o.type === 'terminate' && o.result === 'ok').length;
  const desired = Object.fromEntries(reports.map((r) => [r.pool, r.reconcile?.decision?.desired ?? null]));
  core.setOutput('launched', String(launched));
  core.setOutput('terminated', String(terminated));
  core.setOutput('desired', JSON.stringify(desired));
  const per = reports.map((r) => `${r.pool} desired ${r.reconcile?.decision?.desired ?? '?'}`).join(', ');
  core.setOutput(
    'summary',
    `${title}: launched ${launched}, terminated ${terminated}${per === '' ? '' : `; ${per}`}`,
  );
}

async function act(deps: ActionDeps, inputs: ActionInputs, config: Config): Promise<void> {
  const { core } = deps;
  const trigger = await readTrigger(deps.env);
  if (trigger.kind === 'ignored') {
    core.warning(
      `ci-scaler has nothing to do on "${trigger.event}" events: run it on workflow_job, schedule or workflow_dispatch`,
    );
    return;
  }
  const owner = `actions-${deps.env.GITHUB_RUN_ID ?? 'local'}-${deps.env.GITHUB_RUN_ATTEMPT ?? '1'}`;
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
      },
    },
    inputs.pool,
    'input pool',
  );
  try {
    const work: Work =
      trigger.kind === 'job'
        ? await handleJob(built, trigger.payload, inputs, deps)
        : { title: 'full reconcile', pools: built.pools.map((p) => p.policy.name) };
    const reports = await reconcileAll(built, work, inputs.dryRun);
    setOutputs(core, work.title, reports);
    core.summary.addRaw(renderSummary(`${work.title}${inputs.dryRun ? ' (dry run)' : ''}`, reports));
    await writeSummary(core);
    const failed = [...failures(reports), ...(await flushState(built))];
    if (failed.length > 0) core.setFailed(`ci-scaler: ${failed.join('; ')}`);
  } finally {
    await built.close();
  }
}

/** Saves the state now (the Actions cache saves at the end), so a failed save fails the step. */
async function flushState(built: Built): Promise<string[]> {
  try {
    await built.store.flush?.();
    return [];
  } catch (err) {
    return [`saving state (${built.store.type}): ${errorMessage(err)}`];
  }
}

/** A job summary is a report, not the work: failing to write one warns and moves on. */
async function writeSummary(core: ActionCore): Promise<void> {
  try {
    await core.summary.write();
  } catch (err) {
    core.warning(`could not write the job summary: ${errorMessage(err)}`);
  }
}

/**
 * The action: read inputs, load the config with the inputs applied, and run the loop the
 * event asks for. Errors become annotations (config) or a failed step naming the pool.
 */
export async function run(deps: ActionDeps): Promise<void> {
  const { core } = deps;
  let file: string | undefined;
  try {
    const inputs = readInputs((name) => core.getInput(name));
    for (const secret of [inputs.githubToken, inputs.appPrivateKey])
      if (secret !== undefined) core.setSecret(secret);
    file = configFile(inputs);
    const loaded = await loadConfig(deps, inputs);
    await act(deps, inputs, loaded.config);
  } catch (err) {
    if (err instanceof InputError) {
      for (const p of err.problems)
        // Only config problems are the config file's; a payload or an input is not in it.
        core.error(`${p.path}: ${p.message}`, {
          title: 'ci-scaler: invalid input',
          ...(file !== undefined && err instanceof ConfigError && { file }),
        });
      core.setFailed(
        `ci-scaler: ${(err.message.split('\n')[0] ?? 'invalid input').replace(/:$/, '')} (${err.problems.length} problem(s), see the annotations)`,
      );
      return;
    }
    core.setFailed(`ci-scaler: ${errorMessage(err)}`);
  }
}
