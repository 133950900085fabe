import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { CONFIG_SCHEMA_ID, configJsonSchema, configJsonSchemaText } from '../../../src/config/index.js';

const SCHEMA_FILE = new URL('../../../schema/ci-scaler.schema.json', import.meta.url);

type Node = Record<string, unknown>;

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Paths of properties without a description, anywhere in the schema. */
function undocumented(node: unknown, path = ''): string[] {
  if (!isNode(node)) return [];
  const own = isNode(node.properties)
    ? Object.entries(node.properties).flatMap(([key, child]) => [
        ...(isNode(child) && typeof child.description === 'string' ? [] : [`${path}.${key}`]),
        ...undocumented(child, `${path}.${key}`),
      ])
    : [];
  const nested = ['items', 'additionalProperties', 'oneOf', 'anyOf'].flatMap((key) => {
    const value = node[key];
    return Array.isArray(value)
      ? value.flatMap((item) => undocumented(item, path))
      : undocumented(value, path);
  });
  return [...own, ...nested];
}

describe('configJsonSchema', () => {
  it('matches the checked-in schema file (run `npm run schema` after a change)', async () => {
    expect(await readFile(SCHEMA_FILE, 'utf8')).toBe(configJsonSchemaText());
  });

  it('has an id, a title and a draft', () => {
    expect(configJsonSchema()).toMatchObject({
      $schema: 'http://json-schema.org/draft-07/schema#',
      $id: CONFIG_SCHEMA_ID,
      title: 'ci-scaler configuration',
      required: ['pools'],
      additionalProperties: false,
    });
  });

  it('documents every property, for editor completion', () => {
    expect(undocumented(configJsonSchema())).toEqual([]);
  });

  it('describes input: defaults as users write them, durations as text', () => {
    const text = configJsonSchemaText();
    expect(text).toContain('"default": "10m"');
    expect(text).toContain('"default": "30s"');
    expect(text).not.toContain('"default": 600000');
  });
});
