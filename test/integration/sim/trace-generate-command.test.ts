import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../../../src/runtimes/cli-io.js';
import { traceGenerateCommand, type TraceGenerateOptions } from '../../../src/runtimes/commands/trace.js';
import { formatTrace, parseTrace } from '../../../src/sim/trace-file.js';
import { generateTrace } from '../../../src/sim/trace-generate.js';

let dir: string;

async function run(opts: TraceGenerateOptions): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    env: {},
    cwd: dir,
    clock: () => 0,
  };
  const code = await traceGenerateCommand(io, opts);
  return { code, out, err };
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ci-scaler-trace-gen-'));
});

describe('ci-scaler trace generate', () => {
  it('writes the generated trace to --out, relative to the working directory', async () => {
    const r = await run({ pattern: 'nightly', jobs: '300', seed: '4', days: '3', out: 'traces/n.jsonl' });
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
    expect(r.err).toBe('wrote 300 jobs (nightly, seed 4, 3 days) to traces/n.jsonl\n');
    const text = await readFile(join(dir, 'traces/n.jsonl'), 'utf8');
    expect(text).toBe(formatTrace(generateTrace({ pattern: 'nightly', jobs: 300, seed: 4, days: 3 })));
  });

  it('writes to stdout with seed 1 and 7 days by default', async () => {
    const r = await run({ pattern: 'matrix', jobs: '50' });
    expect(r.code).toBe(0);
    expect(parseTrace(r.out, 'stdout')).toEqual(
      generateTrace({ pattern: 'matrix', jobs: 50, seed: 1, days: 7 }),
    );
  });

  it('refuses bad options with exit 2, naming each option', async () => {
    const r = await run({ pattern: 'hourly', jobs: '1.5', seed: 'x', days: '0' });
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toBe(
      [
        'error: invalid options:',
        '--pattern: must be one of weekday, burst, nightly, matrix, terraform',
        '--jobs: must be a whole number >= 1 (at most 1000000)',
        '--seed: must be a whole number',
        '--days: must be a whole number >= 1 (at most 366)',
        '',
      ].join('\n'),
    );
    expect((await run({ pattern: 'weekday', jobs: '0' })).code).toBe(2);
  });
});
