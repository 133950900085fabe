/**
 * Start-up of the bundled action: from spawning `node dist/action.js` to its first HTTP
 * request at a fake GitHub, next to a bare `node -e ''` in the same run. Goal: at most 4x
 * the bare figure. Also prints the bundle sizes. Writes bench/results/action-startup.json.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeGitHub } from '../test/fakes/github/index.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const root = new URL('..', import.meta.url).pathname;

function exited(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, env, stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', (code) => {
      resolve(code ?? -1);
    });
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

const gh = new FakeGitHub({ tokens: ['ghp_bench'], owner: 'acme', repos: ['app'] });
await gh.start();
try {
  const config = `pools:
  - name: bench
    source: { type: github, owner: acme, repo: app, labels: [self-hosted, linux], baseUrl: "${gh.url}", token: ghp_bench }
    provider: { type: memory }
state: { type: memory }
`;
  const tmp = await mkdtemp(join(tmpdir(), 'ci-scaler-action-bench-'));
  const env = {
    PATH: process.env.PATH ?? '',
    'INPUT_CONFIG-INLINE': config,
    GITHUB_EVENT_NAME: 'schedule',
    RUNNER_TEMP: tmp,
    GITHUB_OUTPUT: join(tmp, 'output'),
    GITHUB_STEP_SUMMARY: join(tmp, 'summary'),
  };
  await writeFile(env.GITHUB_OUTPUT, '');
  await writeFile(env.GITHUB_STEP_SUMMARY, '');
  const bare: number[] = [];
  const action: number[] = [];
  for (let i = -2; i < RUNS; i++) {
    const b0 = performance.now();
    await exited(['-e', ''], { PATH: env.PATH });
    const bareMs = performance.now() - b0;
    gh.resetRequests();
    const a0 = Date.now();
    const code = await exited([join(root, 'dist/action.js')], env);
    const first = gh.requests[0]?.at;
    if (code !== 0 || first === undefined)
      throw new Error(`the action exited ${code} with ${gh.requests.length} requests`);
    if (i >= 0) {
      bare.push(bareMs);
      action.push(first - a0);
    }
  }
  const b = median(bare);
  const a = median(action);
  console.log(`bare node -e '':                         median ${b.toFixed(0)} ms (${RUNS} runs)`);
  console.log(`node dist/action.js -> first request:    median ${a.toFixed(0)} ms`);
  console.log(`ratio: ${(a / b).toFixed(2)}x -> goal at most 4x ${a / b <= 4 ? 'met' : 'NOT met'}`);
  const sizes: Record<string, number> = {};
  for (const entry of await readdir(join(root, 'dist'), { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    sizes[path.slice(root.length)] = (await stat(path)).size;
  }
  for (const [name, size] of Object.entries(sizes).sort())
    console.log(`  ${name.padEnd(40)} ${(size / 1024).toFixed(1)} KiB`);
  await mkdir(join(root, 'bench/results'), { recursive: true });
  await writeFile(
    join(root, 'bench/results/action-startup.json'),
    `${JSON.stringify({ runs: RUNS, bareMs: b, actionMs: a, ratio: a / b, sizes }, null, 2)}\n`,
  );
} finally {
  await gh.stop();
}
