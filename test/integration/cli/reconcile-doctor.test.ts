import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCliCaptured, type CliRun } from '../../support/run-cli.js';
import { FakeGitHub } from '../../fakes/github/index.js';
import { dockerGate } from '../../support/docker-gate.js';
import { sharedDockerd } from '../../support/shared-dockerd.js';

let gh: FakeGitHub;
let dir: string;

function cli(...argv: string[]): Promise<CliRun> {
  return runCliCaptured(argv, { env: { GH_TOKEN: 'ghp_cli' }, cwd: dir, clock: Date.now });
}

async function config(provider: string): Promise<string> {
  const path = join(dir, 'config.yaml');
  await writeFile(
    path,
    `pools:
  - name: cli
    source: { type: github, owner: acme, repo: app, labels: [self-hosted, linux], baseUrl: "${gh.url}", token: "\${env:GH_TOKEN}" }
    provider: ${provider}
state: { type: file, path: state.json }
`,
  );
  return path;
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ci-scaler-cli-int-'));
  gh = new FakeGitHub({ tokens: ['ghp_cli'], owner: 'acme', repos: ['app'] });
  await gh.start();
});
afterEach(async () => {
  await gh.stop();
});

describe('ci-scaler reconcile', () => {
  it('--dry-run decides and prints without acting', async () => {
    gh.queueJob({ labels: ['self-hosted', 'linux'], duration: 1 });
    const r = await cli('reconcile', '-c', await config('{ type: memory }'), '--dry-run');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^cli: dry-run \(desired 1, \d+ API calls\)/);
    expect(r.out).toContain('would launch: launch 1 for');
    expect(gh.records.filter((x) => x.type === 'jitconfig')).toEqual([]);
  });

  it('--json acts and reports outcomes and API calls, never the JIT config or the token', async () => {
    gh.queueJob({ labels: ['self-hosted', 'linux'], duration: 1 });
    const r = await cli('reconcile', '-c', await config('{ type: memory }'), '--json', '--verbose');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as {
      version: number;
      pools: { cli: { result: string; actions: { type: string; result: string }[]; apiCalls: number } };
    };
    expect(out.pools.cli).toMatchObject({ result: 'ok', actions: [{ type: 'launch', result: 'ok' }] });
    expect(out.pools.cli.apiCalls).toBeGreaterThan(0);
    expect(gh.records.filter((x) => x.type === 'jitconfig')).toHaveLength(1);
    expect(`${r.out}${r.err}`).not.toContain('ghp_cli');
  });

  it('exit 1 with the pool and the cause when the source fails', async () => {
    gh.missingPermission('administration');
    const r = await cli('reconcile', '-c', await config('{ type: memory }'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/pool cli: GitHub list self-hosted runners: .*administration=write/);
  });

  it('--pool with an unknown name is bad input', async () => {
    const r = await cli('reconcile', '-c', await config('{ type: memory }'), '--pool', 'nope');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--pool: no pool "nope" (pools: cli)');
  });
});

const gate = dockerGate();

describe('ci-scaler doctor', () => {
  it('names the failing check and its fix', async () => {
    gh.missingPermission('administration');
    const r = await cli('doctor', '-c', await config('{ type: memory }'));
    expect(r.code).toBe(1);
    expect(r.out).toContain('FAIL GitHub: manage self-hosted runners');
    expect(r.out).toContain('fix: give the token or App "Administration: read and write" on the repository');
    expect(r.out).toContain('ok   GitHub: read workflow runs and jobs');
    expect(r.out).toContain('ok   state store reachable');
  });

  it.skipIf(gate.skip)(gate.title('docker: checks the engine and the image'), async () => {
    const daemon = await sharedDockerd();
    const good = await cli(
      'doctor',
      '-c',
      await config(`{ type: docker, host: "${daemon.host}", image: "${daemon.image}" }`),
    );
    expect(good.out).toMatch(/ok {3}Docker engine answers: unix:\/\/.*Docker \d+/);
    expect(good.out).toContain('all checks passed');
    expect(good.code).toBe(0);
    const missing = await cli(
      'doctor',
      '-c',
      await config(`{ type: docker, host: "${daemon.host}", image: "no/such:image" }`),
    );
    expect(missing.code).toBe(1);
    expect(missing.out).toContain('FAIL runner image present: no/such:image is not on the engine');
  });
});
