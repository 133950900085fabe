/**
 * The action from its source entry under @github/local-action, which stands in for the
 * runner's toolkit. Its exit code is 0 even after setFailed, so the assertions read the
 * `::error::` lines it prints. It must run from the action's folder (it resolves tsx there).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeGitHub } from '../../fakes/github/index.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const TOKEN = 'ghp_local_action_secret';
let gh: FakeGitHub;

async function localAction(vars: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ci-scaler-local-action-'));
  const dotenv = join(dir, '.env');
  await writeFile(
    dotenv,
    Object.entries(vars)
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
      .join('\n'),
  );
  const child = spawn(
    join(ROOT, 'node_modules/.bin/local-action'),
    ['run', ROOT, 'src/runtimes/action-main.ts', dotenv],
    { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: dir }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise((resolve) => child.once('exit', resolve));
  return out;
}

const config = (url: string) =>
  `pools: [{ name: local, source: { type: github, owner: acme, repo: app, labels: [self-hosted, linux], baseUrl: '${url}' }, provider: { type: memory } }]\nstate: { type: memory }`;

beforeAll(async () => {
  gh = new FakeGitHub({ tokens: [TOKEN], owner: 'acme', repos: ['app'] });
  await gh.start();
});
afterAll(async () => {
  await gh.stop();
});

describe('@github/local-action runs the source entry', () => {
  it('a scheduled run reconciles and sets the outputs', async () => {
    gh.queueJob({ labels: ['self-hosted', 'linux'], duration: 1 });
    const out = await localAction({
      'INPUT_CONFIG-INLINE': config(gh.url),
      'INPUT_GITHUB-TOKEN': TOKEN,
      GITHUB_EVENT_NAME: 'schedule',
    });
    expect(out.split('\n').filter((l) => l.startsWith('::error'))).toEqual([]);
    expect(out).toMatch(/'launched'\s*│\s*'1'/);
    expect(gh.records.filter((r) => r.type === 'jitconfig')).toHaveLength(1);
  }, 60_000);

  it('an unknown input value is an ::error:: naming the input, with no secret printed', async () => {
    const out = await localAction({
      'INPUT_CONFIG-INLINE': config(gh.url),
      'INPUT_GITHUB-TOKEN': TOKEN,
      'INPUT_DRY-RUN': 'maybe',
      GITHUB_EVENT_NAME: 'schedule',
    });
    expect(out).toMatch(/^::error title=ci-scaler: invalid input::input dry-run: must be true or false/m);
    expect(out.replace(/^::add-mask::.*$/gm, '')).not.toContain(TOKEN);
  }, 60_000);
});
