import {
  debug,
  error,
  getInput,
  info,
  setFailed,
  setOutput,
  setSecret,
  summary,
  warning,
} from '@actions/core';
import { run as runAction } from './action.js';

/**
 * The action over the real toolkit. `@github/local-action` runs this module's run() from
 * source; the bundled entry (action-entry.ts) calls it.
 */
export async function run(): Promise<void> {
  const core = {
    debug,
    error,
    getInput: (name: string) => getInput(name),
    info,
    setFailed,
    setOutput,
    setSecret,
    summary,
    warning,
  };
  await runAction({ core, env: process.env, cwd: process.cwd(), clock: () => Date.now() });
}
