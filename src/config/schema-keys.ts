/**
 * The keys an object schema allows at a path of the input, for did-you-mean hints on
 * unknown keys. The input is needed to pick the branch of a union (by its `type`).
 */
import * as z from 'zod';

type Schema = z.core.$ZodType;

function unwrap(schema: Schema): Schema {
  let current = schema;
  for (;;) {
    if (
      current instanceof z.ZodOptional ||
      current instanceof z.ZodDefault ||
      current instanceof z.ZodPrefault ||
      current instanceof z.ZodNullable
    ) {
      current = current.unwrap();
    } else if (current instanceof z.ZodPipe) {
      current = current.in;
    } else {
      return current;
    }
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The branch of a discriminated union whose literal matches the input's discriminator. */
function selectBranch(schema: Schema, input: unknown): Schema | undefined {
  if (!(schema instanceof z.ZodDiscriminatedUnion)) return schema;
  const discriminator = schema._zod.def.discriminator;
  if (!isRecord(input)) return undefined;
  for (const option of schema.options) {
    const branch = unwrap(option);
    const literal = branch instanceof z.ZodObject ? unwrap(branch.shape[discriminator] as Schema) : undefined;
    if (literal instanceof z.ZodLiteral && literal.values.has(input[discriminator] as never)) return branch;
  }
  return undefined;
}

function child(schema: Schema, segment: PropertyKey): Schema | undefined {
  if (schema instanceof z.ZodObject && typeof segment === 'string')
    return schema.shape[segment] as Schema | undefined;
  if (schema instanceof z.ZodArray) return schema.element;
  if (schema instanceof z.ZodRecord) return schema.valueType;
  return undefined;
}

export function allowedKeysAt(
  root: Schema,
  input: unknown,
  path: readonly PropertyKey[],
): string[] | undefined {
  let schema: Schema | undefined = selectBranch(unwrap(root), input);
  let value = input;
  for (const segment of path) {
    const next: Schema | undefined = schema === undefined ? undefined : child(schema, segment);
    value =
      isRecord(value) || Array.isArray(value) ? (value as Record<PropertyKey, unknown>)[segment] : undefined;
    schema = next === undefined ? undefined : selectBranch(unwrap(next), value);
  }
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : undefined;
}
