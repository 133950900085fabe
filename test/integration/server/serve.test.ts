import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/runtimes/cli.js';
import { FakeGitHub } from '../../fakes/github/index.js';
import { ENV, SECRETS, until } from './server-harness.js';

let dir: string;
let gh: FakeGitHub;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ci-scaler-serve-'));
  gh = new FakeGitHub({ tokens: [SECRETS.github], owner: 'acme', repos: ['app'] });
  await gh.start();
});
afterAll(async () => {
  await gh.stop();
});

async function configFile(server: string): Promise<string> {
  const path = join(dir, `config-${Math.random().toString(36).slice(2)}.yaml`);
  await writeFile(
    path,
    `pools:
  - name: served
    source: { type: github, owner: acme, repo: app, labels: [self-hosted, linux], baseUrl: "${gh.url}", token: "\${env:GH_TOKEN}" }
    provider: { type: memory }
    interval: 1s
state: { type: memory }
server: ${server}
`,
  );
  return path;
}

/** Runs `ci-scaler serve` in process; `stop()` plays the part of SIGTERM. */
function serve(argv: string[], env: Record<string, string> = ENV) {
  let out = '';
  let err = '';
  let stop!: (signal: string) => void;
  const stopped = new Promise<string>((resolve) => (stop = resolve));
  const code = runCli(['serve', ...argv], {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    env,
    cwd: dir,
    clock: Date.now,
    stopSignal: () => stopped,
  });
  const lines = () =>
    out
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { code, stop, lines, out: () => out, err: () => err };
}

const SERVER = '{ webhookSecret: "${env:WH_SECRET}", apiToken: "${env:API_TOKEN}", port: 1 }';

describe('ci-scaler serve', () => {
  it('serves, reconciles on its interval, and stops on the signal with exit code 0', async () => {
    const run = serve(['-c', await configFile(SERVER), '--port', '0', '--host', '127.0.0.1']);
    await until(
      () => run.lines().some((l) => l['msg']?.toString().startsWith('listening on')),
      'listening',
      15_000,
    );
    const url = String(run.lines().find((l) => typeof l['url'] === 'string')?.['url']);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const metrics = await fetch(`${url}/metrics`);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
    await until(
      () => run.lines().some((l) => l['msg']?.toString().startsWith('reconcile served:')),
      'a reconcile',
    );
    expect(await metrics.text()).toContain('ci_scaler_');
    run.stop('SIGTERM');
    expect(await run.code).toBe(0);
    expect(run.lines().map((l) => l['msg'])).toEqual(
      expect.arrayContaining(['SIGTERM: shutting down', 'stopped']),
    );
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    expect(run.err()).toBe('');
    for (const secret of Object.values(SECRETS)) expect(run.out()).not.toContain(secret);
  });

  it('refuses to start without server.webhookSecret (exit 2, naming the key)', async () => {
    const run = serve(['-c', await configFile('{ port: 8080 }')]);
    expect(await run.code).toBe(2);
    expect(run.err()).toMatch(/server\.webhookSecret: required by "ci-scaler serve"/);
  });

  it('refuses a bad --port and a bad CI_SCALER_LOG_LEVEL (exit 2)', async () => {
    const file = await configFile(SERVER);
    const port = serve(['-c', file, '--port', '80a']);
    expect(await port.code).toBe(2);
    expect(port.err()).toMatch(/--port: must be an integer from 0 to 65535/);
    const level = serve(['-c', file, '--port', '0'], { ...ENV, CI_SCALER_LOG_LEVEL: 'loud' });
    expect(await level.code).toBe(2);
    expect(level.err()).toMatch(/CI_SCALER_LOG_LEVEL: must be one of/);
  });

  it('exit 1 when the port is taken', async () => {
    const first = serve(['-c', await configFile(SERVER), '--port', '0', '--host', '127.0.0.1']);
    await until(() => first.lines().some((l) => typeof l['url'] === 'string'), 'listening', 15_000);
    const port = String(first.lines().find((l) => typeof l['url'] === 'string')?.['url']).split(':')[2] ?? '';
    const second = serve(['-c', await configFile(SERVER), '--port', port, '--host', '127.0.0.1']);
    expect(await second.code).toBe(1);
    expect(second.err()).toMatch(/EADDRINUSE/);
    first.stop('SIGINT');
    expect(await first.code).toBe(0);
  });
});
