import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run, type ActionCore } from '../../../src/runtimes/action.js';

const CONFIG = `
pools:
  - name: linux
    source: { type: github, owner: acme, repo: app, labels: [self-hosted, linux], token: "\${env:RUNNER_TOKEN}" }
    provider: { type: docker, image: runner:latest }
`;

function fakeCore(inputs: Record<string, string>) {
  const calls: {
    error: string[];
    failed: string[];
    info: string[];
    secrets: string[];
    outputs: Record<string, string>;
  } = {
    error: [],
    failed: [],
    info: [],
    secrets: [],
    outputs: {},
  };
  const core: ActionCore = {
    getInput: (name) => inputs[name] ?? '',
    info: (m) => calls.info.push(m),
    error: (m) => calls.error.push(m),
    setFailed: (m) => calls.failed.push(m),
    setOutput: (k, v) => (calls.outputs[k] = v),
    setSecret: (v) => calls.secrets.push(v),
  };
  return { core, calls };
}

describe('action runtime (config validation stage)', () => {
  it('validates the default config path, masks the token, and reports the pools', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'ci-scaler-action-'));
    await mkdir(join(cwd, '.github'));
    await writeFile(join(cwd, '.github/ci-scaler.yml'), CONFIG);
    const { core, calls } = fakeCore({});
    await run({ core, env: { RUNNER_TOKEN: 'ghp_secret' }, cwd });
    expect(calls.failed).toEqual([]);
    expect(calls.secrets).toEqual(['ghp_secret']);
    expect(calls.info.join('\n')).toContain('1 pool(s): linux');
    expect(calls.info.join('\n')).not.toContain('ghp_secret');
    expect(calls.outputs.summary).toBe('config ok: 1 pool(s)');
  });

  it('turns every config problem into an annotation and fails the step', async () => {
    const { core, calls } = fakeCore({
      'config-inline': CONFIG.replace('name: linux', 'name: linux\n    max: -1\n    min: 2'),
    });
    await run({ core, env: {}, cwd: '/' });
    expect(calls.error).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^pools\[0\]\.source\.token: .*RUNNER_TOKEN/),
        expect.stringMatching(/^pools\[0\]\.max/),
      ]),
    );
    expect(calls.failed).toEqual([expect.stringMatching(/config problem\(s\)/)]);
  });

  it('refuses config and config-inline together', async () => {
    const { core, calls } = fakeCore({ config: 'a.yml', 'config-inline': CONFIG });
    await run({ core, env: {}, cwd: '/' });
    expect(calls.error).toEqual(['config: set either config or config-inline, not both']);
  });
});
