import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { loadConfigFile, loadConfigFileOffline, parseConfigText } from '../../../src/config/index.js';
import type { StateStoreConfig } from '../../../src/state/state-config.js';

const FIXTURES = new URL('../../fixtures/config/', import.meta.url).pathname;
const EXAMPLES = new URL('../../../examples/config/', import.meta.url).pathname;
const ENV = { GH_APP_KEY: 'pem', TFC_TOKEN: 'tfc', HOOK_SECRET: 'hook' };

describe('loadConfigFile', () => {
  it('loads JSON exactly as the same config written in YAML', async () => {
    const fromYaml = await loadConfigFile(`${FIXTURES}full.yaml`, ENV);
    const fromJson = await loadConfigFile(`${FIXTURES}full.json`, ENV);
    expect(fromJson).toEqual(fromYaml);
  });

  it('returns the validated, normalised config', async () => {
    const config = await loadConfigFile(`${FIXTURES}full.yaml`, ENV);
    const [linux, terraform] = config.pools;
    expect(linux).toMatchObject({
      name: 'linux',
      source: {
        type: 'github',
        owner: 'acme',
        repositories: ['app', 'infra'],
        appId: '12345',
        installationId: 678,
      },
      provider: { type: 'docker', memory: 2 * 1024 ** 3, stopTimeout: 30_000 },
      scaleDown: { cooldown: 600_000, after: 90_000 },
    });
    expect(terraform).toMatchObject({
      source: { type: 'tfc', token: 'tfc', address: 'https://app.terraform.io' },
      provider: { type: 'ecs', region: 'eu-west-1' },
      slots: { perWorker: 2, perJob: { apply: 2 } },
      mode: 'manual',
      manualTarget: 2,
    });
    expect(config.state).toEqual({ type: 'dynamodb', table: 'ci-scaler-state', region: 'eu-west-1' });
    expect(config.server).toEqual({ port: 9000, host: '0.0.0.0', webhookSecret: 'hook' });
  });

  it('loads the documented example', async () => {
    const config = await loadConfigFile(`${EXAMPLES}basic.yaml`, {
      GITHUB_TOKEN: 'ghp_x',
      CI_SCALER_WEBHOOK_SECRET: 'hook',
    });
    expect(config.pools.map((p) => p.name)).toEqual(['linux-docker']);
    expect((await readFile(`${EXAMPLES}basic.yaml`, 'utf8')).split('\n')[0]).toBe(
      '# yaml-language-server: $schema=../../schema/ci-scaler.schema.json',
    );
  });

  it('validates every example config, offline with no variable set, as validate and plan read them', async () => {
    const files = (await readdir(EXAMPLES)).filter((f) => /\.ya?ml$/.test(f)).sort();
    expect(files).toEqual(['action.yaml', 'basic.yaml', 'demo.yaml', 'plan-demo.yaml']);
    for (const f of files) {
      const { config } = await loadConfigFileOffline(`${EXAMPLES}${f}`, {});
      expect(config.pools.length, f).toBeGreaterThan(0);
    }
  });

  it('gives the state section in the shape the state registry takes', async () => {
    const config = await loadConfigFile(`${FIXTURES}full.yaml`, ENV);
    const forRegistry: StateStoreConfig = config.state;
    expect(forRegistry.type).toBe('dynamodb');
  });
});

describe('parseConfigText', () => {
  const text =
    '{ "pools": [ { "name": "x", "source": { "type": "tfc", "organization": "o", "agentPool": "p", "token": "t" }, "provider": { "type": "memory" } } ] }';

  it('picks the parser by extension unless a format is given', () => {
    expect(parseConfigText(text, 'c.json', {}).pools[0]?.name).toBe('x');
    expect(parseConfigText(text, 'c.yml', {}).pools[0]?.name).toBe('x');
    expect(() => parseConfigText('pools: [{ name: x }]', 'c.txt', {}, 'json')).toThrow(
      'Unresolved plain scalar',
    );
  });

  it('accepts a $schema key and a byte order mark', () => {
    const config = parseConfigText(
      '\uFEFF$schema: ./s.json\npools: [{ name: x, source: { type: tfc, organization: o, agentPool: p, token: t }, provider: { type: memory } }]',
      'c.yaml',
      {},
    );
    expect(config.$schema).toBe('./s.json');
  });

  it('does not interpret YAML 1.1 booleans: yes stays a string and fails a boolean field', () => {
    const yaml =
      'pools: [{ name: x, source: { type: tfc, organization: o, agentPool: p, token: t }, provider: { type: gcp, project: p, zone: europe-west1-b, machineType: e2, spot: yes } }]';
    expect(() => parseConfigText(yaml, 'c.yaml', {})).toThrow(
      'pools[0].provider.spot: expected true or false, got "yes"',
    );
  });

  it('refuses an ECS protection period so short that the check before a lower count would hold for good', () => {
    const ecs = (protection: string) =>
      `pools: [{ name: x, source: { type: tfc, organization: o, agentPool: p, token: t }, provider: { type: ecs, region: eu-west-1, cluster: c, services: [{ name: s }], protection: ${protection} } }]`;
    expect(() => parseConfigText(ecs('1m'), 'c.yaml', {})).toThrow(
      'pools[0].provider.protection: must be at least 2m',
    );
    expect(parseConfigText(ecs('2m'), 'c.yaml', {}).pools[0]?.provider).toMatchObject({
      protection: 120_000,
    });
  });
});
