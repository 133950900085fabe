import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfigFile, parseConfigText } from '../../../src/config/index.js';
import { ConfigError } from '../../../src/core/errors.js';
import { doc, pool, problemLines, problemLinesAsync, problemsOfDoc } from './helpers.js';

const FIXTURES = new URL('../../fixtures/config/', import.meta.url).pathname;

/** Broken files live in a temp dir: as fixtures they would fail the repository's prettier check. */
const tempDirs: string[] = [];
afterAll(async () => {
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function writeTemp(name: string, text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ci-scaler-config-'));
  tempDirs.push(dir);
  const file = join(dir, name);
  await writeFile(file, text);
  return file;
}

describe('every problem at once', () => {
  it('reports all mistakes of a file in one ConfigError, each with its path', async () => {
    const lines = await problemLinesAsync(() => loadConfigFile(`${FIXTURES}many-mistakes.yaml`, {}));
    expect(lines).toEqual([
      'pools[0].source.token: environment variable MISSING_TOKEN is not set',
      'pools[0].provider.type: unknown provider type "foo" (expected one of docker, ec2, gcp, ecs, kubernetes, memory)',
      'pools[0].scaleDown.after: must not be negative (got "-5m")',
      'pools[0]: unknown key "maxx" (did you mean "max"?)',
      'pools[0].max: must be >= min (3)',
      'pools[1].source.repositories: cannot be used together with repo (repo: one repository; repositories: a filter)',
      'pools[1].interval: has an unknown unit "x" (expected ms, s, m, h or d)',
      'pools[1].manualTarget: required when mode is manual',
      'pools[1].name: duplicate pool name "linux" (also pools[0])',
    ]);
  });

  it('puts every problem in the error message, without a stack trace', () => {
    let caught: unknown;
    try {
      parseConfigText('pools: [{ name: x, max: -1, min: a }]', 'c.yaml', {});
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const message = (caught as ConfigError).message;
    expect(message.split('\n')).toEqual([
      'invalid config c.yaml:',
      'pools[0].source: required',
      'pools[0].provider: required',
      'pools[0].min: expected an integer, got "a"',
      'pools[0].max: must be >= 0',
    ]);
    expect(message).not.toMatch(/\bat .*\.ts:\d+/);
  });
});

describe('syntax and file errors', () => {
  it('gives file:line:col for malformed YAML', async () => {
    const file = await writeTemp(
      'malformed.yaml',
      'pools:\n  - name: linux\n    source: { type: github\n    max: 3\n',
    );
    const lines = await problemLinesAsync(() => loadConfigFile(file, {}));
    expect(lines).toEqual([
      `${file}:4:5: Flow map in block collection must be sufficiently indented and end with a }`,
    ]);
  });

  it('gives file:line:col for malformed JSON', async () => {
    const file = await writeTemp(
      'malformed.json',
      '{\n  "pools": [\n    { "name": "linux" "max": 3 }\n  ]\n}\n',
    );
    const lines = await problemLinesAsync(() => loadConfigFile(file, {}));
    expect(lines[0]).toMatch(new RegExp(`^${file.replaceAll('.', '\\.')}:3:\\d+: `));
  });

  it('refuses unquoted strings in a .json file but reads them in YAML', () => {
    const text = '{ "pools": [ { "name": linux } ] }';
    expect(problemLines(() => parseConfigText(text, 'c.json', {}))).toEqual([
      'c.json:1:24: Unresolved plain scalar "linux"',
    ]);
    expect(problemLines(() => parseConfigText(text, 'c.yaml', {}))).toContain('pools[0].source: required');
  });

  it('refuses duplicate keys', () => {
    expect(problemLines(() => parseConfigText('pools: []\npools: []\n', 'c.yaml', {}))).toEqual([
      'c.yaml:2:1: Map keys must be unique',
    ]);
  });

  it('refuses unresolved YAML tags rather than reading them as strings', () => {
    expect(problemLines(() => parseConfigText('pools: !Ref x\n', 'c.yaml', {}))[0]).toMatch(
      /^c\.yaml:1:\d+: Unresolved tag: !Ref/,
    );
  });

  it('reports a missing file as a ConfigError', async () => {
    const missing = `${FIXTURES}does-not-exist.yaml`;
    await expect(loadConfigFile(missing, {})).rejects.toBeInstanceOf(ConfigError);
    expect(await problemLinesAsync(() => loadConfigFile(missing, {}))).toEqual([
      `${missing}: file not found`,
    ]);
  });

  it('reports a directory given as the config file', async () => {
    expect(await problemLinesAsync(() => loadConfigFile(FIXTURES, {}))).toEqual([
      `${FIXTURES}: is a directory, not a config file`,
    ]);
  });

  it('reports an empty file and a file of comments', async () => {
    expect(problemLines(() => parseConfigText('', 'c.yaml', {}))).toEqual([
      'c.yaml: the file is empty (expected a mapping with "pools:")',
    ]);
    expect(await problemLinesAsync(() => loadConfigFile(`${FIXTURES}empty.yaml`, {}))).toHaveLength(1);
  });

  it.each([
    ['- a\n- b\n', 'a list'],
    ['just text\n', 'string'],
    ['42\n', 'number'],
    ['null\n', 'null'],
  ])('refuses a top level that is not a mapping: %j', (text, got) => {
    expect(problemLines(() => parseConfigText(text, 'c.yaml', {}))).toEqual([
      `c.yaml: the top level must be a mapping with "pools:", got ${got}`,
    ]);
  });
});

describe('field problems', () => {
  it('refuses a config without pools', () => {
    expect(problemsOfDoc({})).toEqual(['pools: required']);
    expect(problemsOfDoc({ pools: [] })).toEqual(['pools: must list at least one pool']);
  });

  it('names wrong types with a hint', () => {
    expect(
      problemsOfDoc(
        doc(
          pool({ max: '5', warm: 1.5, mode: 3, source: { type: 'github', owner: 'acme', labels: 'linux' } }),
        ),
      ),
    ).toEqual([
      'pools[0].source.labels: expected a list, got "linux"',
      'pools[0].max: expected an integer, got "5" (remove the quotes)',
      'pools[0].warm: must be a whole number, got 1.5',
      'pools[0].mode: must be one of enabled, disabled, manual (got 3)',
    ]);
    expect(problemsOfDoc(doc(pool({ provider: { type: 'docker', image: 'x', env: { A: 1 } } })))).toEqual([
      'pools[0].provider.env.A: expected a string, got 1 (quote it: "1")',
    ]);
  });

  it('checks min, max, warm and manualTarget against each other', () => {
    expect(problemsOfDoc(doc(pool({ min: 3, max: 2 })))).toEqual(['pools[0].max: must be >= min (3)']);
    expect(problemsOfDoc(doc(pool({ warm: 11 })))).toEqual(['pools[0].warm: must be <= max (10)']);
    expect(problemsOfDoc(doc(pool({ mode: 'manual' })))).toEqual([
      'pools[0].manualTarget: required when mode is manual',
    ]);
    expect(problemsOfDoc(doc(pool({ mode: 'manual', manualTarget: 4, max: 3 })))).toEqual([
      'pools[0].manualTarget: must be <= max (3)',
    ]);
  });

  it('does not compare against a field that is itself invalid', () => {
    expect(problemsOfDoc(doc(pool({ min: 'three', max: 2, warm: 1 })))).toEqual([
      'pools[0].min: expected an integer, got "three"',
    ]);
  });

  it('refuses negative and malformed durations with their paths', () => {
    expect(
      problemsOfDoc(doc(pool({ scaleDown: { after: -5 }, bootTimeout: '-1m', scaleUp: { after: '10 s' } }))),
    ).toEqual([
      'pools[0].scaleUp.after: has an unknown unit " s" (expected ms, s, m, h or d)',
      'pools[0].scaleDown.after: must not be negative (got -5)',
      'pools[0].bootTimeout: must not be negative (got "-1m")',
    ]);
    expect(problemsOfDoc(doc(pool({ bootTimeout: 0, interval: '500ms' })))).toEqual([
      'pools[0].bootTimeout: must be greater than 0',
      'pools[0].interval: must be at least 1s',
    ]);
    expect(problemsOfDoc(doc(pool({ bootTimeout: '2h', maxLifetime: '1h' })))).toEqual([
      'pools[0].maxLifetime: must be longer than bootTimeout (2h)',
    ]);
  });

  it('names an unknown source, provider or state type and the accepted ones', () => {
    expect(
      problemsOfDoc({ ...doc(pool({ provider: { type: 'foo' }, source: { type: 'gitlab' } })), state: {} }),
    ).toEqual([
      'pools[0].source.type: unknown source type "gitlab" (expected one of github, tfc)',
      'pools[0].provider.type: unknown provider type "foo" (expected one of docker, ec2, gcp, ecs, kubernetes, memory)',
      'state.type: required (expected one of memory, file, dynamodb, actions-cache)',
    ]);
  });

  it('suggests the key that was probably meant', () => {
    expect(
      problemsOfDoc({
        ...doc(pool({ maxx: 3, scaledown: {}, provider: { type: 'docker', image: 'x', imag: 'y' } })),
        sever: {},
      }),
    ).toEqual([
      'pools[0].provider: unknown key "imag" (did you mean "image"?)',
      'pools[0]: unknown key "maxx" (did you mean "max"?)',
      'pools[0]: unknown key "scaledown" (did you mean "scaleDown"?)',
      'unknown key "sever" (did you mean "server"?)',
    ]);
  });

  it('lists the allowed keys when nothing is close', () => {
    expect(problemsOfDoc({ ...doc(), state: { type: 'file', colour: 'red' } })).toEqual([
      'state: unknown key "colour" (expected one of type, path)',
    ]);
  });

  it('refuses duplicate pool names', () => {
    expect(problemsOfDoc(doc(pool({ name: 'a' }), pool({ name: 'b' }), pool({ name: 'a' })))).toEqual([
      'pools[2].name: duplicate pool name "a" (also pools[0])',
    ]);
  });

  it('refuses a pool name that starts with another pool name and a dash, whatever their order', () => {
    expect(
      problemsOfDoc(doc(pool({ name: 'linux-large' }), pool({ name: 'linux' }), pool({ name: 'linuxx' }))),
    ).toEqual([
      'pools[0].name: pool name "linux-large" starts with "linux-", the worker names of pools[1]: their workers would be mixed up; rename one',
    ]);
  });

  it('refuses pool names that cannot be part of a worker name', () => {
    for (const name of ['Linux', '-x', 'a_b', 'x'.repeat(41), '']) {
      expect(problemsOfDoc(doc(pool({ name })))[0]).toMatch(
        /^pools\[0\]\.name: must be 1-40 lowercase letters/,
      );
    }
  });
});
