import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured, type CliRun } from '../../support/run-cli.js';

let dir: string;

const GOOD_CONFIG = `
pools:
  - name: linux
    source: { type: github, owner: acme, repo: app, labels: [self-hosted, linux] }
    provider: { type: docker, image: runner:latest }
    max: 4
`;

const observation = (pools: unknown, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ version: 1, now: '2026-11-22T10:00:00Z', pools, ...extra });

async function file(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

function cli(...argv: string[]): Promise<CliRun> {
  return runCliCaptured(argv, { env: { PRESENT: 'yes' }, cwd: dir, clock: () => 0 });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ci-scaler-cli-'));
  await file('good.yaml', GOOD_CONFIG);
});

describe('ci-scaler validate', () => {
  it('accepts a good config', async () => {
    const r = await cli('validate', '-c', 'good.yaml');
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toContain('ok, 1 pool(s): linux (github -> docker, 0..4)');
  });

  const bad: [string, string, RegExp[]][] = [
    ['malformed YAML', 'pools:\n  - name: [oops\n', [/bad\.yaml:\d+:\d+/]],
    ['wrong types', GOOD_CONFIG.replace('max: 4', 'max: "four"'), [/pools\[0\]\.max: /]],
    [
      'min > max',
      GOOD_CONFIG.replace('max: 4', 'max: 2\n    min: 3'),
      [/pools\[0\]\.max: must be >= min \(3\)/],
    ],
    ['negative durations', GOOD_CONFIG.replace('max: 4', 'bootTimeout: -5m'), [/pools\[0\]\.bootTimeout: /]],
    [
      'unknown provider type',
      GOOD_CONFIG.replace('type: docker', 'type: podman'),
      [/pools\[0\]\.provider\.type: unknown provider type "podman"/],
    ],
    [
      // A URL is checked: without the variable there is no URL to check.
      'missing env var for a checked value',
      GOOD_CONFIG.replace('owner: acme', 'owner: acme, baseUrl: "${env:NOT_SET}"'),
      [/pools\[0\]\.source\.baseUrl: environment variable NOT_SET is not set/],
    ],
    [
      'several problems at once',
      GOOD_CONFIG.replace('max: 4', 'max: -1\n    maxx: 3\n    mode: sometimes'),
      [/maxx.*did you mean "max"/, /pools\[0\]\.max/, /pools\[0\]\.mode/],
    ],
  ];
  it.each(bad)('%s: exit 2, every problem, no stack trace', async (_name, text, patterns) => {
    await file('bad.yaml', text);
    const r = await cli('validate', '-c', 'bad.yaml');
    expect(r.code).toBe(2);
    for (const p of patterns) expect(r.err).toMatch(p);
    expect(r.err).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
  });

  it("notes pools whose runners can take another pool's jobs, and still exits 0", async () => {
    await file('overlap.yaml', await readFile('examples/config/demo.yaml', 'utf8'));
    const r = await cli('validate', '-c', 'overlap.yaml');
    expect(r.code).toBe(0);
    const notes = r.out.split('\n').filter((l) => l.startsWith('note: '));
    expect(notes.map((l) => /pool (\S+) \(runs-on.*runner of pool (\S+) /.exec(l)?.slice(1))).toEqual([
      ['linux', 'large'],
      ['linux', 'arm64'],
    ]);
    expect(notes[0]).toContain('[self-hosted, linux, large]');
    const good = await cli('validate', '-c', 'good.yaml');
    expect(good.out).not.toContain('note:');
  });

  it('notes a provider type this release cannot run yet, and still exits 0 (simulate can use it)', async () => {
    await file(
      'gcp.yaml',
      GOOD_CONFIG.replace(
        /provider: \{[^}]*\}/,
        'provider: { type: gcp, project: p, zone: europe-west1-b, machineType: e2-small }',
      ),
    );
    const r = await cli('validate', '-c', 'gcp.yaml');
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      'note: pools[0].provider.type: provider type "gcp" is not built yet in this release; reconcile, serve and the action refuse it',
    );
    const good = await cli('validate', '-c', 'good.yaml');
    expect(good.out).not.toContain('not built');
  });

  it('notes an EC2 pool with labelSelection and a minimum but no warm runner', async () => {
    const ec2 = (extra: string) =>
      GOOD_CONFIG.replace(
        /provider: \{[^}]*\}\n {4}max: 4/,
        `provider: { type: ec2, region: eu-west-1, launchTemplate: lt-1, labelSelection: [cpu] }\n    max: 4\n${extra}`,
      );
    await file('ec2-min.yaml', ec2('    min: 1\n'));
    await file('ec2-warm.yaml', ec2('    min: 1\n    warm: 1\n'));
    const r = await cli('validate', '-c', 'ec2-min.yaml');
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      "note: pools[0]: with labelSelection and min 1, an idle runner without a job's cpu= label counts as capacity for it but cannot take it",
    );
    expect((await cli('validate', '-c', 'ec2-warm.yaml')).out).not.toContain('labelSelection');
  });

  it('accepts a config whose secrets are not set here, with a note for each', async () => {
    await file(
      'secrets.yaml',
      GOOD_CONFIG.replace('owner: acme', 'owner: acme, token: "${env:NOT_SET}"') +
        'server: { webhookSecret: "${env:PRESENT}" }\n',
    );
    const r = await cli('validate', '-c', 'secrets.yaml');
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out.split('\n').filter((l) => l.startsWith('note: '))).toEqual([
      'note: pools[0].source.token: environment variable NOT_SET is not set here; validate does not need it, set it where ci-scaler runs',
    ]);
    // Checking for a secret never prints one.
    expect(r.out).not.toContain('yes');
  });

  it('a missing file is exit 2 naming it', async () => {
    const r = await cli('validate', '-c', 'nope.yaml');
    expect(r.code).toBe(2);
    expect(r.err).toContain('nope.yaml');
  });

  it('a missing option is exit 2 with usage', async () => {
    const r = await cli('validate');
    expect(r.code).toBe(2);
    expect(r.err).toContain("required option '-c, --config <file>'");
  });
});

describe('ci-scaler plan', () => {
  it('prints the version 1 JSON plan', async () => {
    const obs = await file(
      'obs.json',
      observation({
        linux: { jobs: [{ id: 'j1', state: 'queued', labels: ['linux'] }], workers: [], memory: {} },
      }),
    );
    const r = await cli('plan', '-c', 'good.yaml', '--observation', obs, '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as {
      version: number;
      pools: Record<
        string,
        { desired: number; launch: number; launchFor: string[]; memory: { attempts: unknown } }
      >;
    };
    expect(out.version).toBe(1);
    expect(out.pools.linux).toMatchObject({
      desired: 1,
      launch: 1,
      launchFor: ['j1'],
      memory: { attempts: { j1: 1 } },
    });
  });

  it('prints a readable plan without --json', async () => {
    const obs = await file(
      'obs2.json',
      observation({ linux: { jobs: [{ id: 'j1', state: 'queued', labels: ['linux'] }] } }),
    );
    const r = await cli('plan', '-c', 'good.yaml', '--observation', obs);
    expect(r.out).toContain('linux: desired 1, launch 1, terminate 0');
    expect(r.out).toContain('scale up 0 -> 1: 1 queued (j1)');
  });

  it("runs the README's plan-demo: the example config on the recorded busy morning", async () => {
    const root = new URL('../../../', import.meta.url).pathname;
    const r = await cli(
      'plan',
      '-c',
      `${root}examples/config/plan-demo.yaml`,
      '--observation',
      `${root}examples/observations/busy-morning.json`,
    );
    expect(r.code).toBe(0);
    expect(r.err).toContain('note: pools[2].source.token: environment variable TFC_TOKEN is not set here');
    expect(r.out).toMatch(/^linux-small: desired \d+/m);
    expect(r.out).toMatch(/^tf-agents: desired \d+/m);
  });

  it('plans with a config whose secrets are not set here: it reaches no backend', async () => {
    const obs = await file(
      'obs3.json',
      observation({ linux: { jobs: [{ id: 'j1', state: 'queued', labels: ['linux'] }] } }),
    );
    await file('unset.yaml', GOOD_CONFIG.replace('owner: acme', 'owner: acme, token: "${env:NOT_SET}"'));
    const r = await cli('plan', '-c', 'unset.yaml', '--observation', obs);
    expect(r.code).toBe(0);
    expect(r.out).toContain('linux: desired 1, launch 1, terminate 0');
    // On stderr, so a --json plan on stdout stays JSON.
    expect(r.err).toBe(
      'note: pools[0].source.token: environment variable NOT_SET is not set here; plan does not need it, set it where ci-scaler runs\n',
    );
    // reconcile does reach GitHub: there the variable is still required.
    const reconcile = await cli('reconcile', '-c', 'unset.yaml');
    expect(reconcile.code).toBe(2);
    expect(reconcile.err).toContain('pools[0].source.token: environment variable NOT_SET is not set');
  });

  const badObservations: [string, string, RegExp][] = [
    [
      'unknown job state',
      observation({ linux: { jobs: [{ id: 'j', state: 'sleeping' }] } }),
      /pools\.linux\.jobs\[0\]\.state/,
    ],
    [
      'unknown worker state',
      observation({ linux: { workers: [{ id: 'w', state: 'zombie' }] } }),
      /pools\.linux\.workers\[0\]\.state/,
    ],
    [
      'bad dates',
      observation(
        { linux: { jobs: [{ id: 'j', state: 'queued', queuedAt: 'yesterday' }] } },
        { now: 'soon' },
      ),
      /now: must be an ISO 8601 time[\s\S]*queuedAt/,
    ],
    [
      'disagreeing jobId/workerId',
      observation({
        linux: {
          jobs: [{ id: 'j1', state: 'running', workerId: 'w1' }],
          workers: [{ id: 'w1', state: 'busy', jobId: 'j2' }],
        },
      }),
      /pools\.linux\.jobs\[0\]\.workerId: says job "j1" runs on "w1", but that worker's jobId is "j2"/,
    ],
    [
      'memory of an unknown version',
      observation({ linux: { memory: { version: 9 } } }),
      /pools\.linux\.memory\.version: unknown memory version 9/,
    ],
    ['an unknown pool', observation({ windows: {} }), /pools\.windows: no pool "windows" in the config/],
    [
      'an unknown format version',
      JSON.stringify({ version: 2, now: '2026-11-22T10:00:00Z', pools: {} }),
      /version: must be 1/,
    ],
    ['malformed JSON', '{ "version": 1, ', /obs-bad\.json/],
  ];
  it.each(badObservations)('%s: exit 2 with the path', async (_name, text, pattern) => {
    const obs = await file('obs-bad.json', text);
    const r = await cli('plan', '-c', 'good.yaml', '--observation', obs);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(pattern);
    expect(r.err).not.toMatch(/\n\s+at .*:\d+:\d+\)/);
  });
});

describe('global options', () => {
  it('--version prints the package version', async () => {
    const r = await cli('--version');
    expect(r.code).toBe(0);
    expect(r.out.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('--help on each command', async () => {
    for (const cmd of ['validate', 'plan']) {
      const r = await cli(cmd, '--help');
      expect(r.code).toBe(0);
      expect(r.out).toContain(`Usage: ci-scaler ${cmd}`);
    }
  });

  it('an unknown command is exit 2', async () => {
    expect((await cli('explode')).code).toBe(2);
  });
});
