import { describe, expect, it } from 'vitest';
import { interpolateEnv } from '../../../src/config/env.js';
import { parseConfigText, validateConfig, validateConfigOffline } from '../../../src/config/index.js';
import { GITHUB_SOURCE, doc, pool, problemLines, problemsOfDoc } from './helpers.js';

describe('interpolateEnv', () => {
  it('replaces every reference in a string, among other text', () => {
    const result = interpolateEnv(
      { url: 'https://${env:HOST}:${env:PORT}/${env:HOST}' },
      { HOST: 'h', PORT: '1' },
    );
    expect(result).toEqual({ value: { url: 'https://h:1/h' }, problems: [], unset: [], numbers: [] });
  });

  it('walks nested mappings and lists and leaves other values alone', () => {
    const input = { a: [{ b: '${env:X}' }, 3, true, null], c: { d: 'plain' } };
    expect(interpolateEnv(input, { X: 'x' }).value).toEqual({
      a: [{ b: 'x' }, 3, true, null],
      c: { d: 'plain' },
    });
  });

  it('keeps $${env:NAME} as the literal text ${env:NAME}', () => {
    const result = interpolateEnv({ s: '$${env:HOME} is not ${env:HOME}' }, {});
    expect(result.value).toEqual({ s: '${env:HOME} is not ${env:HOME}' });
    expect(result.problems).toEqual([{ path: 's', message: 'environment variable HOME is not set' }]);
    expect(interpolateEnv({ s: '$${env:A}${env:A}' }, { A: 'a' }).value).toEqual({ s: '${env:A}a' });
  });

  it('accepts an empty value: the variable is set', () => {
    expect(interpolateEnv({ s: '[${env:E}]' }, { E: '' })).toEqual({
      value: { s: '[]' },
      problems: [],
      unset: [],
      numbers: [],
    });
  });

  it('reports each missing variable and each bad name at its path', () => {
    const result = interpolateEnv(
      { list: ['${env:A}', '${env:B} ${env:C}', '${env:not-valid}'] },
      { B: 'b' },
    );
    expect(result.problems).toEqual([
      { path: 'list[0]', message: 'environment variable A is not set' },
      { path: 'list[1]', message: 'environment variable C is not set' },
      { path: 'list[2]', message: 'invalid environment variable name "not-valid" in ${env:not-valid}' },
    ]);
  });

  it('never reads process.env', () => {
    process.env.CI_SCALER_TEST_ONLY_VAR = 'leak';
    try {
      expect(interpolateEnv({ s: '${env:CI_SCALER_TEST_ONLY_VAR}' }, {}).problems).toHaveLength(1);
    } finally {
      delete process.env.CI_SCALER_TEST_ONLY_VAR;
    }
  });
});

describe('env in a config', () => {
  it('fills secrets from the environment', () => {
    const config = validateConfig(
      {
        ...doc(pool({ source: { type: 'github', owner: 'acme', labels: ['x'], token: '${env:GH_TOKEN}' } })),
        server: { webhookSecret: '${env:HOOK}' },
      },
      { GH_TOKEN: 'ghp_123', HOOK: 's3cret' },
    );
    expect(config.pools[0]?.source).toMatchObject({ token: 'ghp_123' });
    expect(config.server.webhookSecret).toBe('s3cret');
  });

  it('names the path of a missing variable, once, alongside other problems', () => {
    const text =
      'pools:\n  - name: x\n    max: -1\n    source: { type: tfc, organization: o, agentPool: p, token: "${env:TFC_TOKEN}" }\n    provider: { type: memory }\n';
    expect(problemLines(() => parseConfigText(text, 'c.yaml', {}))).toEqual([
      'pools[0].source.token: environment variable TFC_TOKEN is not set',
      'pools[0].max: must be >= 0',
    ]);
  });

  it('reports the env problem rather than the format error it causes', () => {
    const source = { type: 'github', owner: 'acme', labels: ['x'], baseUrl: '${env:GHES_URL}' };
    expect(problemsOfDoc(doc(pool({ source })))).toEqual([
      'pools[0].source.baseUrl: environment variable GHES_URL is not set',
    ]);
  });

  it('lets a duration come from the environment', () => {
    expect(
      validateConfig(doc(pool({ interval: '${env:INTERVAL}' })), { INTERVAL: '45' }).pools[0]?.interval,
    ).toBe(45_000);
  });

  it('refuses a secret that resolves to nothing', () => {
    expect(problemsOfDoc({ ...doc(), server: { apiToken: '${env:TOKEN}' } }, { TOKEN: '' })).toEqual([
      'server.apiToken: must not be empty',
    ]);
  });
});

describe('a config checked offline (validate, plan, simulate)', () => {
  const github = (extra: Record<string, unknown>) =>
    doc(pool({ source: { type: 'github', owner: 'acme', labels: ['x'], ...extra } }));

  it('keeps an unset secret as written and returns where it is', () => {
    const { config, unsetEnv } = validateConfigOffline(
      { ...github({ token: '${env:GH_TOKEN}' }), server: { webhookSecret: '${env:HOOK}' } },
      { HOOK: 's3cret' },
    );
    expect(config.pools[0]?.source).toMatchObject({ token: '${env:GH_TOKEN}' });
    expect(config.server.webhookSecret).toBe('s3cret');
    expect(unsetEnv).toEqual([
      { path: 'pools[0].source.token', message: 'environment variable GH_TOKEN is not set' },
    ]);
    // The same document is refused where the secret is needed.
    expect(() => validateConfig(github({ token: '${env:GH_TOKEN}' }), {})).toThrow(/GH_TOKEN is not set/);
  });

  it('still refuses a value that fails its check without the variable, a bad name, and other problems', () => {
    const document = {
      ...github({ baseUrl: '${env:GHES_URL}', token: '${env:bad-name}' }),
      state: { type: 'file', path: '' },
    };
    expect(() => validateConfigOffline(document, {})).toThrow(
      [
        'invalid config config:',
        'pools[0].source.baseUrl: environment variable GHES_URL is not set',
        'pools[0].source.token: invalid environment variable name "bad-name" in ${env:bad-name}',
        'state.path: must not be empty',
      ].join('\n'),
    );
  });
});

describe('a number from the environment', () => {
  it('a whole ${env:NAME} with a number is read as the number where the schema wants one', () => {
    const config = validateConfig(
      { ...doc(pool({ max: '${env:MAX_RUNNERS}' })), server: { port: '${env:PORT}' } },
      { MAX_RUNNERS: '4', PORT: '9090' },
    );
    expect(config.pools[0]?.max).toBe(4);
    expect(config.server.port).toBe(9090);
  });

  it('an all-digit token stays a string, and a number inside other text is text', () => {
    const config = validateConfig(doc(pool({ source: { ...GITHUB_SOURCE, token: '${env:TOKEN}' } })), {
      TOKEN: '12345',
    });
    const source = config.pools[0]?.source;
    expect(source?.type === 'github' && source.token).toBe('12345');
    expect(problemsOfDoc(doc(pool({ max: '${env:N}0' })), { N: '4' })).toEqual([
      'pools[0].max: expected an integer, got "40" (remove the quotes)',
    ]);
  });

  it('a variable that is not a number still fails where a number is wanted', () => {
    expect(problemsOfDoc(doc(pool({ max: '${env:MAX}' })), { MAX: 'many' })).toEqual([
      'pools[0].max: expected an integer, got "many"',
    ]);
  });
});
