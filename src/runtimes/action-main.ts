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
import { run } from './action.js';

/** The entry `@github/local-action` runs: it exports run() over the real toolkit. */
export async function main(): Promise<void> {
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
  await run({ core, env: process.env, cwd: process.cwd(), clock: () => Date.now() });
}
