/** The runner env travels only through a per-worker SecureString, and never shows in EC2 inputs or logs. */
import type { PutParameterCommandInput } from '@aws-sdk/client-ssm';
import { afterEach, describe, expect, it } from 'vitest';
import type { Machine } from '../../../../src/providers/provider.js';
import { harness, MIN, T0, type Harness } from './ec2-harness.js';

let h: Harness;
afterEach(() => {
  h.fake.restore();
});

const SECRET = 'eyJqaXQiOiJ0b3Atc2VjcmV0LXJ1bm5lci1jb25maWcifQ==-planted-secret';

describe('EC2 runner config in SSM', () => {
  it('stores the env as one SecureString per worker, named on the instance, read by the instance at boot', async () => {
    h = harness();
    const env = { ACTIONS_RUNNER_INPUT_JITCONFIG: SECRET, RUNNER_LABELS: 'a,b' };
    await h.launch('1', { env });
    const [put] = h.fake.inputs<PutParameterCommandInput>('ssm:PutParameter');
    expect(put).toMatchObject({
      Name: '/ci-scaler/linux/linux-1-1',
      Type: 'SecureString',
      Overwrite: false,
      Tier: 'Intelligent-Tiering',
    });
    expect(JSON.parse(put?.Value ?? '')).toEqual(env);
    expect(put?.Tags).toEqual([
      { Key: 'ci-scaler:pool', Value: 'linux' },
      { Key: 'ci-scaler:worker', Value: 'linux-1-1' },
      { Key: 'ci-scaler:created-by', Value: 'ci-scaler' },
    ]);
    const instance = h.fake.instanceOf('linux-1-1');
    expect(instance?.tags.get('ci-scaler:config-parameter')).toBe('/ci-scaler/linux/linux-1-1');
    await h.provider.list(h.pool); // boots: the fake instance plays the bootstrap
    expect(h.fake.bootedEnv(instance?.id ?? '')).toEqual(env);
    expect(h.fake.parameterNames()).toEqual([]);
  });

  it('uses the configured prefix', async () => {
    h = harness({ config: { ssmPrefix: '/ci/runners' } });
    await h.launch('1');
    expect(h.fake.inputs<PutParameterCommandInput>('ssm:PutParameter')[0]?.Name).toBe(
      '/ci/runners/linux/linux-1-1',
    );
  });

  it('refuses an env key the bootstrap could not export, naming the key only', async () => {
    h = harness();
    const error = await h.launch('1', { env: { 'BAD-KEY': SECRET } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400 });
    expect(String(error)).toContain('BAD-KEY');
    expect(String(error)).not.toContain(SECRET);
    expect(h.fake.commands()).not.toContain('ssm:PutParameter');
  });

  it('the secret never appears in EC2 inputs, other SSM inputs, logs, errors or the returned machine', async () => {
    h = harness();
    const env = { ACTIONS_RUNNER_INPUT_JITCONFIG: SECRET };
    const machine = await h.launch('1', { env });
    h.fake.noCapacity();
    const failure = await h.launch('2', { env }).catch((e: unknown) => e);
    h.fake.clearCapacityFaults();
    h.fake.throttleNext(1, 'ssm:PutParameter');
    const throttled = await h.launch('3', { env }).catch((e: unknown) => e);
    await h.provider.list(h.pool);
    await h.provider.housekeep?.(h.pool, []);
    await h.provider.terminate(h.pool, 'linux-1-1');
    await h.provider.doctor?.(h.pool);

    const outsideTheParameter = h.fake
      .recorded()
      .filter((c) => c.action !== 'ssm:PutParameter')
      .map((c) => JSON.stringify(c.input));
    expect(outsideTheParameter.length).toBeGreaterThan(10);
    for (const input of outsideTheParameter) expect(input).not.toContain(SECRET);
    const puts = h.fake.inputs<PutParameterCommandInput>('ssm:PutParameter');
    expect(puts.length).toBeGreaterThanOrEqual(3);
    for (const put of puts) expect(JSON.stringify({ ...put, Value: undefined })).not.toContain(SECRET);
    expect(h.logger.records.length).toBeGreaterThan(0);
    expect(h.logger.text()).not.toContain(SECRET);
    expect(h.logger.text()).toContain('ACTIONS_RUNNER_INPUT_JITCONFIG'); // keys are logged, values not
    expect(String(failure)).not.toContain(SECRET);
    expect(String(throttled)).not.toContain(SECRET);
    expect(JSON.stringify(machine)).not.toContain(SECRET);
  });
});

describe('EC2 housekeep', () => {
  const path = (name: string) => `/ci-scaler/linux/${name}`;
  const machine = (name: string, state: Machine['state'], createdAt: number): Machine => ({
    name,
    state,
    createdAt,
  });

  it('deletes the parameters of exited, booted and long-gone workers; keeps starting, young and in-flight ones', async () => {
    h = harness();
    const now = T0;
    for (const name of ['exited', 'booted', 'young', 'starting', 'gone', 'in-flight']) {
      h.fake.seedParameter(path(name), { K: 'v' }, name === 'in-flight' ? now - MIN : now - 30 * MIN);
    }
    h.fake.seedParameter('/ci-scaler/other/gone', { K: 'v' }, now - 60 * MIN);
    await h.provider.housekeep?.(h.pool, [
      machine('exited', 'exited', now - 30 * MIN),
      machine('booted', 'running', now - 11 * MIN),
      machine('young', 'running', now - 2 * MIN),
      machine('starting', 'starting', now - 60 * MIN),
    ]);
    expect(h.fake.parameterNames()).toEqual([
      '/ci-scaler/linux/in-flight',
      '/ci-scaler/linux/starting',
      '/ci-scaler/linux/young',
      '/ci-scaler/other/gone',
    ]);
    expect(h.fake.inputs('ssm:GetParametersByPath')[0]).toEqual({
      Path: '/ci-scaler/linux',
      Recursive: false,
      WithDecryption: false,
      MaxResults: 10,
    });
  });

  it('pages through many parameters and deletes them in batches of ten', async () => {
    h = harness();
    for (let i = 0; i < 23; i++) h.fake.seedParameter(path(`w-${i}`), {}, T0 - 60 * MIN);
    await h.provider.housekeep?.(h.pool, []);
    expect(h.fake.parameterNames()).toEqual([]);
    expect(h.fake.inputs('ssm:GetParametersByPath')).toHaveLength(3);
    expect(h.fake.inputs<{ Names: string[] }>('ssm:DeleteParameters').map((i) => i.Names.length)).toEqual([
      10, 10, 3,
    ]);
  });

  it('makes no delete call when nothing is stale', async () => {
    h = harness();
    h.fake.seedParameter(path('fresh'), {}, T0);
    await h.provider.housekeep?.(h.pool, []);
    expect(h.fake.commands()).toEqual(['ssm:GetParametersByPath']);
  });
});
