import * as core from '@actions/core';
import { run } from './action.js';

/** The entry `@github/local-action` runs: it exports run() over the real toolkit. */
export async function main(): Promise<void> {
  await run({ core, env: process.env, cwd: process.cwd(), clock: () => Date.now() });
}
