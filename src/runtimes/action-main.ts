import * as core from '@actions/core';
import { run } from './action.js';

await run({ core, env: process.env, cwd: process.cwd() });
