/**
 * The bootstrap script, run for real by bash with stand-ins for the commands an instance has
 * (curl for instance metadata, aws, shutdown, runuser, chown). /sbin and /usr/sbin are left
 * off PATH, so the machine's own shutdown can never be reached.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bootstrapScript, hardLifetimeMinutes } from '../../../../src/providers/ec2/bootstrap.js';

const PARAM = '/ci-scaler/linux/linux-1-1';
const ENV = { ACTIONS_RUNNER_INPUT_JITCONFIG: "it's a secret $(rm -rf /)", RUNNER_LABELS: 'a b' };

let dir: string | undefined;
afterEach(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function stub(bin: string, name: string, body: string): void {
  const path = join(bin, name);
  writeFileSync(path, `#!/bin/bash\necho "${name} $*" >>"$STUB_LOG"\n${body}\n`);
  chmodSync(path, 0o755);
}

/** Runs the script; `imdsTags` false makes the metadata tag lookup fail, as when tags are not in metadata. */
function run(options: { imdsTags: boolean; runnerExit: number }) {
  dir = mkdtempSync(join(tmpdir(), 'ci-scaler-bootstrap-'));
  const bin = join(dir, 'bin');
  const runner = join(dir, 'runner');
  const log = join(dir, 'log');
  for (const d of [bin, runner]) spawnSync('mkdir', ['-p', d]);
  stub(bin, 'shutdown', '');
  stub(bin, 'chown', '');
  stub(bin, 'runuser', 'while [ "$1" != "--" ]; do shift; done; shift; exec "$@"');
  stub(
    bin,
    'curl',
    [
      'case "${@: -1}" in',
      '  */api/token) echo token ;;',
      '  */meta-data/instance-id) echo i-0123456789abcdef0 ;;',
      '  */meta-data/placement/region) echo eu-west-1 ;;',
      `  */meta-data/tags/instance/ci-scaler:config-parameter) ${options.imdsTags ? `echo ${PARAM}` : 'exit 22'} ;;`,
      '  *) exit 22 ;;',
      'esac',
    ].join('\n'),
  );
  stub(
    bin,
    'aws',
    [
      'case "$1 $2" in',
      `  "ec2 describe-tags") echo ${PARAM} ;;`,
      `  "ssm get-parameter") [ "$4" = "${PARAM}" ] && cat "$CONFIG_FILE" ;;`,
      'esac',
    ].join('\n'),
  );
  writeFileSync(join(dir, 'config.json'), JSON.stringify(ENV));
  writeFileSync(join(runner, 'run.sh'), `#!/bin/bash\nenv >"$RUNNER_OUT"\nexit ${options.runnerExit}\n`);
  chmodSync(join(runner, 'run.sh'), 0o755);
  const script = join(dir, 'user-data.sh');
  writeFileSync(
    script,
    bootstrapScript({ hardLifetimeMs: 6 * 3_600_000, runnerDir: runner, runnerUser: 'runner' }),
  );
  const env = {
    PATH: `${bin}:/usr/bin:/bin`,
    STUB_LOG: log,
    CONFIG_FILE: join(dir, 'config.json'),
    RUNNER_OUT: join(dir, 'runner-env'),
  };
  const which = spawnSync('bash', ['-c', 'command -v shutdown'], { env, encoding: 'utf8' });
  if (which.stdout.trim() !== join(bin, 'shutdown'))
    throw new Error('the shutdown stand-in is not first on PATH');
  const result = spawnSync('bash', [script], { env, encoding: 'utf8', timeout: 20_000 });
  return {
    status: result.status,
    calls: readFileSync(log, 'utf8').trim().split('\n'),
    runnerEnv: readFileSync(join(dir, 'runner-env'), 'utf8'),
  };
}

describe('EC2 bootstrap script', () => {
  it('is valid bash', () => {
    const checked = spawnSync('bash', ['-n'], { input: bootstrapScript({ hardLifetimeMs: 3_600_000 }) });
    expect(checked.status).toBe(0);
  });

  it('is printed in docs/providers/ec2.md as it is generated for the default hard lifetime', () => {
    const docs = readFileSync(new URL('../../../../docs/providers/ec2.md', import.meta.url), 'utf8');
    expect(docs).toContain(bootstrapScript({ hardLifetimeMs: 6 * 3_600_000 }));
  });

  it('sets the hard lifetime first, in whole minutes rounded up', () => {
    expect(hardLifetimeMinutes(6 * 3_600_000)).toBe(360);
    expect(hardLifetimeMinutes(90_000)).toBe(2);
    expect(bootstrapScript({ hardLifetimeMs: 90_000 })).toContain('shutdown -h +2 ');
  });

  it('reads its parameter name from metadata tags, fetches, deletes and exports the config, runs, tags the exit code and shuts down', () => {
    const { calls, runnerEnv } = run({ imdsTags: true, runnerExit: 3 });
    const commands = calls.filter(
      (c) => !c.startsWith('curl') && !c.startsWith('chown') && !c.startsWith('runuser'),
    );
    expect(commands).toEqual([
      'shutdown -h +360 ci-scaler: hard lifetime reached',
      `aws ssm get-parameter --name ${PARAM} --with-decryption --query Parameter.Value --output text`,
      `aws ssm delete-parameter --name ${PARAM}`,
      'aws ec2 create-tags --resources i-0123456789abcdef0 --tags Key=ci-scaler:exit-code,Value=3',
      'shutdown -h now ci-scaler: runner finished',
    ]);
    expect(runnerEnv).toContain(`ACTIONS_RUNNER_INPUT_JITCONFIG=${ENV.ACTIONS_RUNNER_INPUT_JITCONFIG}`);
    expect(runnerEnv).toContain('RUNNER_LABELS=a b');
    expect(runnerEnv).toContain('AWS_DEFAULT_REGION=eu-west-1');
    expect(calls.some((c) => c.includes('secret'))).toBe(false);
  });

  it('falls back to DescribeTags when tags are not in instance metadata', () => {
    const { calls } = run({ imdsTags: false, runnerExit: 0 });
    expect(calls.filter((c) => c.startsWith('aws')).map((c) => c.split(' ').slice(0, 3).join(' '))).toEqual([
      'aws ec2 describe-tags',
      'aws ssm get-parameter',
      'aws ssm delete-parameter',
      'aws ec2 create-tags',
    ]);
    expect(calls.at(-1)).toBe('shutdown -h now ci-scaler: runner finished');
  });
});
