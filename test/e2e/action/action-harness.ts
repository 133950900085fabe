/**
 * Runs the bundled action as a runner does: `node dist/action.js` with GITHUB_EVENT_NAME,
 * GITHUB_EVENT_PATH, INPUT_*, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY, against the fake
 * GitHub, the fake cache service and the test dockerd.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Dockerode from 'dockerode';
import { FakeCacheService } from '../../fakes/actions-cache/index.js';
import { FakeGitHub } from '../../fakes/github/index.js';
import { removePoolContainers } from '../../support/docker-cleanup.js';
import { dockerClient, sharedDockerd } from '../../support/shared-dockerd.js';
import { workflowJobExamples } from '../../support/webhook-examples.js';

const examples = workflowJobExamples();
const ROOT = new URL('../../../', import.meta.url).pathname;
export const TOKEN = 'ghp_action_e2e_secret';

export interface ActionRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly outputs: Record<string, string>;
  readonly summary: string;
}

/** `name<<DELIMITER\nvalue\nDELIMITER` blocks, as @actions/core writes GITHUB_OUTPUT. */
function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /^([^<\n]+)<<(\S+)\n([\s\S]*?)\n\2$/gm;
  for (const m of text.matchAll(re)) if (m[1] !== undefined && m[3] !== undefined) out[m[1]] = m[3];
  return out;
}

export class ActionWorld {
  readonly pool = `act${randomBytes(3).toString('hex')}`;
  readonly gh = new FakeGitHub({ tokens: [TOKEN], owner: 'acme', repos: ['app'] });
  readonly cache = new FakeCacheService();
  docker!: Dockerode;
  private workspace = '';
  private runnerTemp = '';
  private runs = 0;

  async start(): Promise<void> {
    const daemon = await sharedDockerd();
    this.docker = dockerClient(daemon);
    await Promise.all([this.gh.start(), this.cache.start()]);
    this.workspace = await mkdtemp(join(tmpdir(), 'ci-scaler-action-ws-'));
    // One RUNNER_TEMP for every run, as on a runner: the cache version hashes the state path.
    this.runnerTemp = await mkdtemp(join(tmpdir(), 'ci-scaler-action-temp-'));
    await mkdir(join(this.workspace, '.github'));
    await writeFile(
      join(this.workspace, '.github/ci-scaler.yml'),
      `pools:
  - name: ${this.pool}
    source: { type: github, owner: acme, repo: app, labels: [self-hosted, linux], baseUrl: "${this.gh.url}" }
    provider: { type: docker, host: "${daemon.host}", image: "${daemon.image}", networkMode: host, stopTimeout: 5s }
    bootTimeout: 30s
    policy: aggressive
`,
    );
  }

  async stop(): Promise<void> {
    await removePoolContainers(this.docker, [this.pool]);
    await Promise.all([this.gh.stop(), this.cache.stop()]);
  }

  containers(): Promise<Dockerode.ContainerInfo[]> {
    return this.docker.listContainers({ all: true, filters: { label: [`ci-scaler.pool=${this.pool}`] } });
  }

  /** A real payload from @octokit/webhooks-examples, adjusted to this job and repository. */
  async payload(action: 'queued' | 'completed', jobId: number, runnerName?: string): Promise<string> {
    const example = structuredClone(examples.find((e) => e.action === action));
    if (example === undefined) throw new Error(`no ${action} example`);
    Object.assign(example.workflow_job as Record<string, unknown>, {
      id: jobId,
      labels: ['self-hosted', 'linux'],
      status: action,
      runner_name: runnerName ?? null,
    });
    Object.assign(example.repository as Record<string, unknown>, {
      name: 'app',
      full_name: 'acme/app',
      owner: { login: 'acme' },
    });
    const path = join(this.workspace, `event-${jobId}-${action}.json`);
    await writeFile(path, JSON.stringify(example));
    return path;
  }

  /** One action run in a child process; resolves when it exits. */
  async run(event: string, eventPath?: string, inputs: Record<string, string> = {}): Promise<ActionRun> {
    this.runs += 1;
    const dir = await mkdtemp(join(tmpdir(), 'ci-scaler-action-run-'));
    const outputFile = join(dir, 'output');
    const summaryFile = join(dir, 'summary');
    await Promise.all([writeFile(outputFile, ''), writeFile(summaryFile, '')]);
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      GITHUB_EVENT_NAME: event,
      ...(eventPath !== undefined && { GITHUB_EVENT_PATH: eventPath }),
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      GITHUB_RUN_ID: String(1000 + this.runs),
      GITHUB_RUN_ATTEMPT: '1',
      RUNNER_TEMP: this.runnerTemp,
      'INPUT_GITHUB-TOKEN': TOKEN,
      ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
      ...this.cache.env(),
    };
    const child = spawn(process.execPath, [join(ROOT, 'dist/action.js')], { cwd: this.workspace, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number>((resolve) =>
      child.once('exit', (c) => {
        resolve(c ?? -1);
      }),
    );
    return {
      code,
      stdout,
      stderr,
      outputs: parseOutputs(await readFile(outputFile, 'utf8')),
      summary: await readFile(summaryFile, 'utf8'),
    };
  }

  async until(done: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await done())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
