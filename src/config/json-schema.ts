/** The JSON Schema of the config file, for editor completion and validation. */
import * as z from 'zod';
import { configSchema } from './schema.js';

export const CONFIG_SCHEMA_ID = 'https://ci-scaler.dev/schema/ci-scaler.schema.json';

/**
 * The input side of the schema: what a person may write (defaults optional, durations as
 * text). Draft-07 because it is the draft editors' YAML and JSON support handles fully.
 */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(configSchema, { io: 'input', target: 'draft-07', unrepresentable: 'throw' });
  const { $schema, ...rest } = schema;
  return { $schema, $id: CONFIG_SCHEMA_ID, title: 'ci-scaler configuration', ...rest };
}

/** The schema file's exact text: two-space JSON with a trailing newline, so diffs stay small. */
export function configJsonSchemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}
