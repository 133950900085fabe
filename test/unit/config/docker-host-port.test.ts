/**
 * Found by review: a Docker `host` whose port is out of range passes `validate`, and the
 * failure that `reconcile` / `doctor` then hit names `provider.host` without the pool.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/config/index.js';
import { runCliCaptured, type CliRun } from '../../support/run-cli.js';
import { doc, pool, problemsOfDoc } from './helpers.js';

let dir: string;

const CONFIG = `
pools:
  - name: one
    source: { type: github, owner: acme, repo: app, labels: [self-hosted, one], token: tok }
    provider: { type: docker, image: runner:latest, host: "tcp://127.0.0.1:2376" }
  - name: two
    source: { type: github, owner: acme, repo: app, labels: [self-hosted, two], token: tok }
    provider: { type: docker, image: runner:latest, host: "tcp://127.0.0.1:99999" }
state: { type: memory }
`;

function cli(...argv: string[]): Promise<CliRun> {
  return runCliCaptured(argv, { env: {}, cwd: dir, clock: () => 0 });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ci-scaler-docker-port-'));
  await writeFile(join(dir, 'c.yaml'), CONFIG);
});

describe('docker provider host with a port above 65535', () => {
  it('is refused by the config schema, at the pool that has it', () => {
    const provider = { type: 'docker', image: 'runner:latest', host: 'tcp://127.0.0.1:99999' };
    expect(() => validateConfig(doc(pool({ provider })), {})).toThrow();
    expect(problemsOfDoc(doc(pool({ provider }))).join('\n')).toMatch(/^pools\[0\]\.provider\.host: /);
  });

  it('is refused for ssh:// too', () => {
    const provider = { type: 'docker', image: 'runner:latest', host: 'ssh://ci@build-box:70000' };
    expect(problemsOfDoc(doc(pool({ provider }))).join('\n')).toMatch(/^pools\[0\]\.provider\.host: /);
  });

  it('`validate` does not say ok for a config that `reconcile` then refuses', async () => {
    const validate = await cli('validate', '-c', 'c.yaml');
    const reconcile = await cli('reconcile', '-c', 'c.yaml', '--dry-run');
    expect(reconcile.code).toBe(2);
    // Both commands read the same file: they must agree on whether it is valid.
    expect(validate.code).toBe(2);
  });

  it('the error names the pool whose host is wrong (pools[1].provider.host)', async () => {
    const reconcile = await cli('reconcile', '-c', 'c.yaml', '--dry-run');
    expect(reconcile.err).toContain('pools[1].provider.host');
    const doctor = await cli('doctor', '-c', 'c.yaml');
    expect(doctor.err).toContain('pools[1].provider.host');
  });
});
