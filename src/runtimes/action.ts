import { resolve } from 'node:path';
import { loadConfigFile, parseConfigText, type Config } from '../config/index.js';
import { InputError } from '../core/errors.js';

/** The slice of `@actions/core` the action uses, injected so tests need no runner. */
export interface ActionCore {
  getInput(name: string): string;
  info(message: string): void;
  error(message: string, properties?: { title?: string; file?: string }): void;
  setFailed(message: string): void;
  setOutput(name: string, value: string): void;
  setSecret(value: string): void;
}

export interface ActionDeps {
  readonly core: ActionCore;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

async function readConfig(deps: ActionDeps): Promise<{ config: Config; file: string }> {
  const path = deps.core.getInput('config');
  const inline = deps.core.getInput('config-inline');
  if (path !== '' && inline !== '') {
    throw new InputError('invalid inputs', [
      { path: 'config', message: 'set either config or config-inline, not both' },
    ]);
  }
  if (inline !== '')
    return { config: parseConfigText(inline, 'config-inline.yaml', deps.env), file: 'config-inline' };
  const file = path === '' ? '.github/ci-scaler.yml' : path;
  return { config: await loadConfigFile(resolve(deps.cwd, file), deps.env), file };
}

/**
 * The action's entry: for now it validates the config and reports the pools; the event
 * handling arrives with the GitHub source. Errors become annotations and fail the step.
 */
export async function run(deps: ActionDeps): Promise<void> {
  const { core } = deps;
  try {
    const { config, file } = await readConfig(deps);
    for (const pool of config.pools) {
      if (pool.source.type === 'github' && pool.source.token !== undefined) core.setSecret(pool.source.token);
    }
    core.info(`${file}: ${config.pools.length} pool(s): ${config.pools.map((p) => p.name).join(', ')}`);
    core.setOutput('summary', `config ok: ${config.pools.length} pool(s)`);
  } catch (err) {
    if (err instanceof InputError) {
      for (const p of err.problems) core.error(`${p.path}: ${p.message}`, { title: 'ci-scaler config' });
      core.setFailed(`ci-scaler: ${err.problems.length} config problem(s)`);
      return;
    }
    core.setFailed(`ci-scaler: ${err instanceof Error ? err.message : String(err)}`);
  }
}
