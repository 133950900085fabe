import { runCli } from '../../src/runtimes/cli.js';
import type { CliIo } from '../../src/runtimes/cli-io.js';

export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs the CLI in-process with captured stdout and stderr. */
export async function runCliCaptured(
  argv: readonly string[],
  io: Omit<CliIo, 'stdout' | 'stderr'>,
): Promise<CliRun> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { ...io, stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { code, out, err };
}
