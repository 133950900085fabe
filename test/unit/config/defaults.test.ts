import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/config/index.js';
import { doc, pool } from './helpers.js';

function onlyPool(overrides: Record<string, unknown> = {}) {
  const [first] = validateConfig(doc(pool(overrides)), {}).pools;
  if (first === undefined) throw new Error('no pool');
  return first;
}

describe('defaults', () => {
  it('fills every pool field the user left out', () => {
    const p = onlyPool();
    expect(p).toMatchObject({
      min: 0,
      max: 10,
      warm: 0,
      priority: 0,
      policy: 'balanced',
      scaleUp: { after: 0 },
      scaleDown: { cooldown: 300_000, after: 120_000 },
      bootTimeout: 600_000,
      maxLifetime: 86_400_000,
      interval: 30_000,
      slots: { perWorker: 1, perJob: {} },
      mode: 'enabled',
      victimOrder: 'oldest',
      maxAttempts: 3,
    });
    expect(p.manualTarget).toBeUndefined();
  });

  it('defaults state to a file store and the server to port 8080 on all interfaces', () => {
    const config = validateConfig(doc(), {});
    expect(config.state).toEqual({ type: 'file', path: '.ci-scaler/state.json' });
    expect(config.server).toEqual({ port: 8080, host: '0.0.0.0' });
  });

  it('fills backend defaults', () => {
    const config = validateConfig(
      doc(
        pool({ name: 'a', provider: { type: 'ec2', region: 'us-east-1', launchTemplate: 'lt-1' } }),
        pool({ name: 'b', source: { type: 'tfc', organization: 'o', agentPool: 'p', token: 't' } }),
        pool({ name: 'c', provider: { type: 'kubernetes', image: 'runner' } }),
        pool({
          name: 'd',
          provider: { type: 'gcp', project: 'proj', zone: 'europe-west1-b', machineType: 'e2' },
        }),
      ),
      {},
    );
    const [a, b, c, d] = config.pools;
    expect(a?.provider).toEqual({
      type: 'ec2',
      region: 'us-east-1',
      launchTemplate: 'lt-1',
      launchTemplateVersion: '$Default',
      spot: 'prefer',
      labelSelection: [],
      rootDevice: '/dev/xvda',
      ssmPrefix: '/ci-scaler',
      requestTimeout: 10_000,
      hardLifetime: 6 * 3_600_000,
      circuitBreaker: { failures: 3, cooldown: 600_000 },
      tags: {},
    });
    expect(b?.source).toMatchObject({ type: 'tfc', address: 'https://app.terraform.io' });
    expect(c?.provider).toEqual({ type: 'kubernetes', namespace: 'default', image: 'runner' });
    expect(d?.provider).toMatchObject({ spot: false });
    expect(
      validateConfig(doc(pool({ provider: { type: 'docker', image: 'x' } })), {}).pools[0]?.provider,
    ).toEqual({
      type: 'docker',
      image: 'x',
      mode: 'ephemeral',
      stopTimeout: 30_000,
    });
  });

  it.each([
    ['actions-cache', { type: 'actions-cache', prefix: 'ci-scaler' }],
    ['file', { type: 'file', path: '.ci-scaler/state.json' }],
    ['memory', { type: 'memory' }],
  ])('defaults the %s state store', (type, expected) => {
    expect(validateConfig({ ...doc(), state: { type } }, {}).state).toEqual(expected);
  });
});

describe('policy presets', () => {
  it.each([
    ['conservative', 600_000, 300_000],
    ['balanced', 300_000, 120_000],
    ['aggressive', 120_000, 30_000],
  ])('%s sets scaleDown cooldown %d ms and after %d ms', (policy, cooldown, after) => {
    expect(onlyPool({ policy }).scaleDown).toEqual({ cooldown, after });
  });

  it('lets explicit scaleDown keys override the preset one by one', () => {
    expect(onlyPool({ policy: 'conservative', scaleDown: { cooldown: '1m' } }).scaleDown).toEqual({
      cooldown: 60_000,
      after: 300_000,
    });
    expect(onlyPool({ policy: 'aggressive', scaleDown: { after: '10m' } }).scaleDown).toEqual({
      cooldown: 120_000,
      after: 600_000,
    });
    expect(onlyPool({ policy: 'aggressive', scaleDown: { after: 0, cooldown: 0 } }).scaleDown).toEqual({
      cooldown: 0,
      after: 0,
    });
  });

  it('refuses an unknown preset, naming the accepted ones', () => {
    expect(() => onlyPool({ policy: 'fast' })).toThrow(
      'pools[0].policy: must be one of conservative, balanced, aggressive (got "fast")',
    );
  });
});

describe('normalised values', () => {
  it('resolves every duration to milliseconds', () => {
    const p = onlyPool({ scaleUp: { after: 45 }, bootTimeout: '1h30m', maxLifetime: '2h', interval: '10s' });
    expect([p.scaleUp.after, p.bootTimeout, p.maxLifetime, p.interval]).toEqual([
      45_000, 5_400_000, 7_200_000, 10_000,
    ]);
  });

  it('resolves docker memory to bytes and GitHub App ids to a string and a number', () => {
    const p = onlyPool({
      source: {
        type: 'github',
        owner: 'acme',
        labels: ['x'],
        appId: 42,
        privateKey: 'pem',
        installationId: '7',
      },
      provider: { type: 'docker', image: 'x', memory: '512m' },
    });
    expect(p.provider).toMatchObject({ memory: 512 * 1024 * 1024 });
    expect(p.source).toMatchObject({ appId: '42', installationId: 7 });
  });
});
