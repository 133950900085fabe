#!/usr/bin/env node
import { runCli } from './cli.js';

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  env: process.env,
  cwd: process.cwd(),
  clock: () => Date.now(),
  stderrIsTTY: process.stderr.isTTY,
  nodeVersion: process.version,
});
