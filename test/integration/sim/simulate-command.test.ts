import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SimulationReport } from '../../../src/sim/types.js';
import { runCliCaptured, type CliRun } from '../../support/run-cli.js';

const DEMO_CONFIG = new URL('../../../examples/config/demo.yaml', import.meta.url).pathname;

let dir: string;

function cli(...argv: string[]): Promise<CliRun> {
  return runCliCaptured(argv, { env: {}, cwd: dir, clock: () => 0 });
}

/** Six jobs over the demo's three pools within ten minutes: a run takes milliseconds. */
const TRACE = [
  '# start: 2026-11-02T09:00:00Z',
  '{"id":"a","at":0,"duration":120,"labels":["self-hosted","linux"]}',
  '{"id":"b","at":5,"duration":300,"labels":["self-hosted","linux"]}',
  '{"id":"c","at":30,"duration":60,"labels":["self-hosted","linux","large"]}',
  '{"id":"d","at":60,"duration":200,"labels":["self-hosted","linux","arm64"]}',
  '{"id":"e","at":300,"duration":90,"labels":["self-hosted","linux"]}',
  '{"id":"f","at":600,"duration":30,"labels":["self-hosted","linux"]}',
  '',
].join('\n');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ci-scaler-simulate-'));
  await writeFile(join(dir, 'small.jsonl'), TRACE);
});

const base = (): string[] => ['simulate', '-c', DEMO_CONFIG, '--trace', 'small.jsonl'];

describe('ci-scaler simulate', () => {
  it('--json prints the report (version 1) with ci-scaler and the strategies compared', async () => {
    const r = await cli(...base(), '--compare', 'poll-30s', '--json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as SimulationReport;
    expect(report).toMatchObject({ version: 1, config: DEMO_CONFIG, trace: 'small.jsonl', seed: 1, jobs: 6 });
    expect(report.results.map((x) => x.strategy)).toEqual(['ci-scaler', 'poll-30s']);
    for (const result of report.results) {
      expect(result.overall).toMatchObject({ jobs: 6, neverStarted: 0, busyKilled: 0 });
      // 120 + 300 + 60 + 200 + 90 + 30 s of jobs.
      expect(result.overall.busySeconds).toBe(800);
    }
  });

  it('--compare takes ci-scaler under a preset, named in the results', async () => {
    const r = await cli(...base(), '--compare', 'ci-scaler:aggressive', '--json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as { results: { strategy: string; describe: string }[] };
    expect(report.results.map((x) => x.strategy)).toEqual(['ci-scaler', 'ci-scaler:aggressive']);
    expect(report.results[1]?.describe).toContain('aggressive preset on every pool');
  });

  it('--report writes a self-contained HTML report with its charts', async () => {
    const r = await cli(...base(), '--report', 'out/r.html');
    expect(r.code).toBe(0);
    expect(r.err).toContain('report written to out/r.html');
    const html = await readFile(join(dir, 'out', 'r.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain('<svg');
  });

  it.each([
    [['--compare', 'poll-30s,poll-5s'], '--compare: unknown strategy "poll-5s"'],
    [['--compare', 'ci-scaler:eager'], 'ci-scaler:conservative, ci-scaler:balanced, ci-scaler:aggressive'],
    [['--seed', '-1'], '--seed: must be a whole number >= 0 (got "-1")'],
    [['--event-loss', '2'], '--event-loss: must be a share between 0 and 1 (got "2")'],
    [['--event-duplication', 'x'], '--event-duplication: must be a share between 0 and 1'],
  ])('refuses %j with exit 2, naming the option', async (extra, message) => {
    const r = await cli(...base(), ...extra);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain(message);
  });

  it('reports every bad option at once', async () => {
    const r = await cli(...base(), '--compare', 'nope', '--seed', '1.5', '--event-loss', '-0.1');
    expect(r.code).toBe(2);
    expect(r.err.split('\n').filter((l) => l.startsWith('--'))).toHaveLength(3);
  });

  it('names the bad line of a trace', async () => {
    await writeFile(
      join(dir, 'bad.jsonl'),
      '{"id":"a","at":0,"duration":60,"labels":["linux"]}\n{"id":"b","at":5,"duration":-1,"labels":["linux"]}\n',
    );
    const r = await cli('simulate', '-c', DEMO_CONFIG, '--trace', 'bad.jsonl');
    expect(r.code).toBe(2);
    expect(r.err).toContain('bad.jsonl:2: duration: must be a number of seconds > 0');
    expect(r.err).not.toContain('bad.jsonl:1');
  });

  it('refuses, with exit 2, a trace whose jobs no pool can run, listing the labels it asks for', async () => {
    await writeFile(
      join(dir, 'hosted.jsonl'),
      '{"id":"a","at":0,"duration":60,"labels":["ubuntu-latest"]}\n{"id":"b","at":5,"duration":9,"labels":["windows-latest"]}\n',
    );
    const r = await cli('simulate', '-c', DEMO_CONFIG, '--trace', 'hosted.jsonl');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain("no job in trace hosted.jsonl matches a pool's labels");
    expect(r.err).toContain('hosted.jsonl: labels in the trace: [ubuntu-latest] x1, [windows-latest] x1');
  });

  it('simulates a config whose secrets are not set here: the simulator reaches no backend', async () => {
    const text = (await readFile(DEMO_CONFIG, 'utf8')).replace(
      'owner: acme, labels: [self-hosted, linux] }',
      'owner: acme, labels: [self-hosted, linux], token: "${env:NOT_SET}" }',
    );
    expect(text).toContain('NOT_SET');
    await writeFile(join(dir, 'secret.yaml'), text);
    const r = await cli('simulate', '-c', 'secret.yaml', '--trace', 'small.jsonl', '--json');
    expect(r.code).toBe(0);
    expect(r.err).toContain(
      'note: pools[0].source.token: environment variable NOT_SET is not set here; simulate does not need it',
    );
    expect((JSON.parse(r.out) as SimulationReport).results[0]?.overall).toMatchObject({
      jobs: 6,
      neverStarted: 0,
    });
  });

  it('runs Terraform runs (no labels) on the agent pool', async () => {
    await writeFile(
      join(dir, 'runs.jsonl'),
      '{"id":"r1","at":0,"duration":60,"labels":[],"kind":"plan","group":"ws"}\n{"id":"g","at":5,"duration":30,"labels":["self-hosted","linux"]}\n',
    );
    const config = new URL('../../../examples/config/plan-demo.yaml', import.meta.url).pathname;
    const r = await cli('simulate', '-c', config, '--trace', 'runs.jsonl', '--json');
    expect(r.code).toBe(0);
    const pools = (JSON.parse(r.out) as SimulationReport).results[0]?.pools;
    expect(pools?.['tf-agents']).toMatchObject({ jobs: 1, neverStarted: 0, launches: 1 });
    expect(pools?.['linux-small']).toMatchObject({ jobs: 1, neverStarted: 0 });
  });

  it('refuses a missing trace file, naming --trace', async () => {
    const r = await cli('simulate', '-c', DEMO_CONFIG, '--trace', 'nowhere.jsonl');
    expect(r.code).toBe(2);
    expect(r.err).toContain('cannot read trace nowhere.jsonl');
    expect(r.err).toContain('--trace:');
  });

  it('refuses an invalid config, naming the key', async () => {
    await writeFile(
      join(dir, 'bad.yaml'),
      `pools:
  - name: linux
    source: { type: github, owner: acme, labels: [self-hosted, linux] }
    provider: { type: memory }
    simulation: { boot: { median: 60s, p95: 30s }, failAtBoot: 2 }
state: { type: memory }
`,
    );
    const r = await cli('simulate', '-c', 'bad.yaml', '--trace', 'small.jsonl');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain('pools[0].simulation.failAtBoot');
    expect(r.err).toContain('pools[0].simulation.boot.p95');
  });
});
