/**
 * The slice of JSON:API documents (https://jsonapi.org/format/) this source reads, checked
 * at the edge so nothing downstream handles unknown shapes.
 * https://developer.hashicorp.com/terraform/cloud-docs/api-docs#json-api-formatting
 */
import * as z from 'zod';

const identifier = z.object({ id: z.string(), type: z.string() });

const relationship = z.object({
  data: z.union([identifier, z.array(identifier), z.null()]).optional(),
});

export const resourceSchema = z.object({
  id: z.string(),
  type: z.string(),
  attributes: z.record(z.string(), z.unknown()).optional(),
  relationships: z.record(z.string(), relationship).optional(),
});
export type Resource = z.output<typeof resourceSchema>;

const pagination = z.object({
  'current-page': z.number().nullable().optional(),
  'next-page': z.number().nullable().optional(),
});

export const listDocumentSchema = z.object({
  data: z.array(resourceSchema),
  included: z.array(resourceSchema).optional(),
  meta: z.object({ pagination: pagination.optional() }).optional(),
});
export type ListDocument = z.output<typeof listDocumentSchema>;

export const singleDocumentSchema = z.object({
  data: resourceSchema,
  included: z.array(resourceSchema).optional(),
});

export const errorDocumentSchema = z.object({
  errors: z.array(
    z.object({
      status: z.union([z.string(), z.number()]).optional(),
      title: z.string().optional(),
      detail: z.string().optional(),
    }),
  ),
});

/** The ids a to-one or to-many relationship points at (none when it is absent or null). */
export function relatedIds(resource: Resource, name: string): string[] {
  const data = resource.relationships?.[name]?.data;
  if (data === undefined || data === null) return [];
  return Array.isArray(data) ? data.map((d) => d.id) : [data.id];
}

export function stringAttr(resource: Resource, name: string): string | undefined {
  const value = resource.attributes?.[name];
  return typeof value === 'string' ? value : undefined;
}

export function booleanAttr(resource: Resource, name: string): boolean {
  return resource.attributes?.[name] === true;
}
