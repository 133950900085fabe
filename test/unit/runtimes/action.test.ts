import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfigDocument, validateConfig } from '../../../src/config/index.js';
import { run } from '../../../src/runtimes/action.js';
import { applyInputs, readInputs } from '../../../src/runtimes/action/inputs.js';
import { FakeGitHub } from '../../fakes/github/index.js';
import { fakeCore } from './fake-actions-core.js';
import { workflowJobExamples } from '../../support/webhook-examples.js';

const examples = workflowJobExamples();

let gh: FakeGitHub;
let cwd: string;
const TOKEN = 'ghp_action_secret';

function configYaml(extra = ''): string {
  return `pools:
  - name: linux
    source: { type: github, owner: acme, repo: app, labels: [self-hosted, linux], baseUrl: "${gh.url}", token: "\${env:RUNNER_TOKEN}" }
    provider: { type: memory }
${extra}state: { type: memory }
`;
}

/** A real queued payload from @octokit/webhooks-examples, adjusted to the test pool and fake. */
async function queuedEvent(jobId: number): Promise<string> {
  const example = structuredClone(examples.find((e) => e.action === 'queued'));
  if (example === undefined) throw new Error('no queued example');
  const wj = example.workflow_job as Record<string, unknown>;
  Object.assign(wj, { id: jobId, labels: ['self-hosted', 'linux'], status: 'queued' });
  Object.assign(example.repository as Record<string, unknown>, { name: 'app', owner: { login: 'acme' } });
  const path = join(cwd, 'event.json');
  await writeFile(path, JSON.stringify(example));
  return path;
}

async function runAction(inputs: Record<string, string>, env: Record<string, string> = {}) {
  const fake = fakeCore(inputs);
  await run({ core: fake.core, env: { RUNNER_TOKEN: TOKEN, ...env }, cwd, clock: Date.now });
  return fake;
}

beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'ci-scaler-action-'));
  gh = new FakeGitHub({ tokens: [TOKEN], owner: 'acme', repos: ['app'] });
  await gh.start();
  await mkdir(join(cwd, '.github'));
  await writeFile(join(cwd, '.github/ci-scaler.yml'), configYaml());
});
afterEach(async () => {
  await gh.stop();
});

describe('the action on workflow_job', () => {
  it('queued: launches through the fast path, reconciles, sets outputs and a summary, masks every secret', async () => {
    const job = gh.queueJob({ labels: ['self-hosted', 'linux'], duration: 1 });
    const { calls, transcript } = await runAction(
      {},
      { GITHUB_EVENT_NAME: 'workflow_job', GITHUB_EVENT_PATH: await queuedEvent(job.id) },
    );
    expect(calls.failed).toEqual([]);
    expect(calls.outputs.launched).toBe('1');
    expect(JSON.parse(calls.outputs.desired ?? '')).toEqual({ linux: 1 });
    expect(calls.outputs.summary).toMatch(
      /^workflow_job queued \(job \d+, acme\/app\): launched 1, terminated 0; linux desired 1$/,
    );
    expect(calls.summary).toContain('### Pool `linux`');
    expect(calls.summary).toMatch(/\| launch \| `linux-\d+-1` \| ok \| launched \|/);
    const jit = calls.secrets.filter((s) => s !== TOKEN);
    expect(calls.secrets).toContain(TOKEN);
    expect(jit.length).toBeGreaterThan(0);
    for (const secret of [TOKEN, ...jit]) expect(transcript()).not.toContain(secret);
  });

  it('a job that matches no pool is a clear no-op', async () => {
    const path = await queuedEvent(123);
    await writeFile(path, (await readFile(path, 'utf8')).replace('"self-hosted","linux"', '"gpu"'));
    const { calls } = await runAction({}, { GITHUB_EVENT_NAME: 'workflow_job', GITHUB_EVENT_PATH: path });
    expect(calls.failed).toEqual([]);
    expect(calls.lines.join('\n')).toContain('matches no pool: nothing to do');
    expect(calls.outputs.launched).toBe('0');
  });

  it('dry-run decides and launches nothing', async () => {
    const job = gh.queueJob({ labels: ['self-hosted', 'linux'], duration: 1 });
    const { calls } = await runAction(
      { 'dry-run': 'true' },
      { GITHUB_EVENT_NAME: 'workflow_job', GITHUB_EVENT_PATH: await queuedEvent(job.id) },
    );
    expect(calls.failed).toEqual([]);
    expect(calls.outputs.launched).toBe('0');
    expect(calls.summary).toContain('Dry run: 1 action(s) decided, none taken.');
    expect(gh.records.filter((r) => r.type === 'jitconfig')).toEqual([]);
  });
});

describe('the action on other events', () => {
  it('schedule: a full reconcile of every pool', async () => {
    gh.queueJob({ labels: ['self-hosted', 'linux'], duration: 1 });
    gh.queueJob({ labels: ['self-hosted', 'linux'], duration: 1 });
    const { calls } = await runAction({}, { GITHUB_EVENT_NAME: 'schedule' });
    expect(calls.failed).toEqual([]);
    expect(calls.outputs.launched).toBe('2');
    expect(calls.summary).toContain('| jobs queued | jobs running |');
  });

  it('push: a warning, and success', async () => {
    const { calls } = await runAction({}, { GITHUB_EVENT_NAME: 'push' });
    expect(calls.warnings).toEqual([
      'ci-scaler has nothing to do on "push" events: run it on workflow_job, schedule or workflow_dispatch',
    ]);
    expect(calls.failed).toEqual([]);
  });
});

describe('inputs', () => {
  it('github-token wins over the config token', async () => {
    await writeFile(
      join(cwd, '.github/ci-scaler.yml'),
      configYaml().replace('${env:RUNNER_TOKEN}', 'wrong-token'),
    );
    gh.queueJob({ labels: ['self-hosted', 'linux'], duration: 1 });
    const { calls } = await runAction({ 'github-token': TOKEN }, { GITHUB_EVENT_NAME: 'schedule' });
    expect(calls.failed).toEqual([]);
    expect(calls.outputs.launched).toBe('1');
  });

  it("app-installation-id wins over the config installationId when the App is the config's", () => {
    // Found by review: with appId and privateKey in the config (from ${env:...}), the input was dropped.
    const yaml = `pools:
  - name: linux
    source: { type: github, owner: acme, repo: app, labels: [linux], appId: "42", privateKey: "\${env:KEY}", installationId: 111 }
    provider: { type: memory }
`;
    const installationOf = (inputs: Record<string, string>) => {
      const doc = applyInputs(
        parseConfigDocument(yaml, 'c.yml'),
        readInputs((name) => inputs[name] ?? ''),
      );
      return (validateConfig(doc, { KEY: 'pem' }, 'c.yml').pools[0]?.source as { installationId?: number })
        .installationId;
    };
    expect(installationOf({ 'app-installation-id': '222' })).toBe(222);
    expect(installationOf({})).toBe(111);
  });

  it('reports every bad input at once, naming each', async () => {
    const { calls } = await runAction({
      'dry-run': 'yes',
      state: 's3',
      config: 'a.yml',
      'config-inline': 'pools: []',
      'app-id': '1',
    });
    expect(calls.errors.map((e) => e.message)).toEqual([
      'input config: set either config or config-inline, not both',
      'input app-private-key: app-id and app-private-key go together',
      'input state: must be one of actions-cache, dynamodb, file, got "s3"',
      'input dry-run: must be true or false (YAML 1.2: true | True | TRUE | false | False | FALSE), got "yes"',
    ]);
    expect(calls.failed).toHaveLength(1);
  });

  it('a missing config file fails naming it', async () => {
    const { calls } = await runAction({ config: 'nope.yml' }, { GITHUB_EVENT_NAME: 'schedule' });
    expect(calls.errors[0]?.message).toMatch(/nope\.yml: file not found/);
    expect(calls.failed[0]).toMatch(/^ci-scaler: cannot load config/);
  });

  it('broken YAML becomes an annotation on the config file with its line', async () => {
    await writeFile(join(cwd, 'bad.yml'), 'pools:\n  - name: [oops\n');
    const { calls } = await runAction({ config: 'bad.yml' }, { GITHUB_EVENT_NAME: 'schedule' });
    expect(calls.errors[0]?.message).toMatch(/bad\.yml:\d+:\d+/);
    expect(calls.failed).toHaveLength(1);
  });

  it('config problems are annotations on the config path', async () => {
    await writeFile(join(cwd, '.github/ci-scaler.yml'), configYaml('    max: -1\n'));
    const { calls } = await runAction({}, { GITHUB_EVENT_NAME: 'schedule' });
    expect(calls.errors).toContainEqual(
      expect.objectContaining({
        file: '.github/ci-scaler.yml',
        message: expect.stringMatching(/^pools\[0\]\.max/) as unknown,
      }),
    );
  });
});

describe('backend failures fail the step naming the pool, never printing the token', () => {
  it.each([
    [
      'a token the fake rejects (401)',
      (g: FakeGitHub) => g,
      { 'github-token': 'ghp_rejected_token' },
      /pool linux: reconcile failed: GitHub list self-hosted runners: bad credentials/,
    ],
    [
      'a token without runner permissions (403)',
      (g: FakeGitHub) => (g.missingPermission('administration'), g),
      {},
      /pool linux: reconcile failed: .*administration=write/,
    ],
    [
      'a rate-limited token (403 with retry-after)',
      (g: FakeGitHub) => (g.failNext(20, 'secondary-limit'), g),
      {},
      /pool linux: reconcile failed: .*rate limit/i,
    ],
  ] as const)('%s', async (_name, arrange, inputs, pattern) => {
    arrange(gh);
    const { calls, transcript } = await runAction(inputs, { GITHUB_EVENT_NAME: 'schedule' });
    expect(calls.failed).toHaveLength(1);
    expect(calls.failed[0]).toMatch(pattern);
    expect(transcript()).not.toContain(TOKEN);
    expect(transcript()).not.toContain('ghp_rejected_token');
  });
});
