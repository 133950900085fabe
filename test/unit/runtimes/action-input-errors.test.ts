import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../../../src/runtimes/action.js';
import { fakeCore } from './fake-actions-core.js';

/**
 * Found by review: the `pool` input naming no pool was reported as `--pool: ...` (the CLI
 * flag, which an Action user never wrote), and input and payload problems were annotated
 * on the config file, which has nothing wrong with it.
 */
const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function workspace(): Promise<string> {
  const cwd = await mkdtemp(join(tmpdir(), 'ci-scaler-input-errors-'));
  dirs.push(cwd);
  await mkdir(join(cwd, '.github'));
  await writeFile(
    join(cwd, '.github/ci-scaler.yml'),
    `pools:
  - name: linux
    source: { type: github, owner: acme, repo: app, labels: [self-hosted, linux], token: t }
    provider: { type: memory }
state: { type: memory }
`,
  );
  return cwd;
}

describe('action input pool naming no pool', () => {
  it('names the input, as every other input problem does', async () => {
    const cwd = await workspace();
    const fake = fakeCore({ pool: 'linx' });
    await run({ core: fake.core, env: { GITHUB_EVENT_NAME: 'schedule' }, cwd, clock: Date.now });
    expect(fake.calls.failed).toHaveLength(1);
    expect(fake.calls.errors.map((e) => e.message)).toEqual(['input pool: no pool "linx" (pools: linux)']);
    expect(fake.calls.errors[0]?.file).toBeUndefined();
  });
});

describe('action on a malformed workflow_job payload', () => {
  it('does not annotate the config file', async () => {
    const cwd = await workspace();
    const path = join(cwd, 'event.json');
    await writeFile(
      path,
      JSON.stringify({
        action: 'queued',
        workflow_job: { id: 1, status: 'queued' },
        repository: { name: 'app', owner: { login: 'acme' } },
      }),
    );
    const fake = fakeCore({});
    await run({
      core: fake.core,
      env: { GITHUB_EVENT_NAME: 'workflow_job', GITHUB_EVENT_PATH: path },
      cwd,
      clock: Date.now,
    });
    expect(fake.calls.failed).toHaveLength(1);
    expect(fake.calls.errors[0]?.message).toMatch(/^workflow_job\.labels: /);
    expect(fake.calls.errors[0]?.file).toBeUndefined();
  });
});
