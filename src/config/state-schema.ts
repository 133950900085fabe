/** `state:` — where per-pool memory, bindings, history and locks are kept. */
import * as z from 'zod';
import { awsRegion, httpUrl, nonEmptyString, unknownTypeError } from './fields.js';

export const DEFAULT_STATE_PATH = '.ci-scaler/state.json';

export const memoryStateSchema = z.strictObject({
  type: z.literal('memory').describe('In process only: tests and the simulator.'),
});

export const fileStateSchema = z.strictObject({
  type: z.literal('file').describe('A JSON file: the CLI and a single server.'),
  path: nonEmptyString.default(DEFAULT_STATE_PATH).describe('Path of the state file.'),
});

export const dynamodbStateSchema = z.strictObject({
  type: z.literal('dynamodb').describe('A DynamoDB table: several servers, or actions across runs.'),
  table: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{3,255}$/, { error: 'must be a DynamoDB table name (3-255 of A-Z a-z 0-9 _ . -)' })
    .describe('Table name.'),
  region: awsRegion.optional().describe('AWS region; default: from the AWS environment.'),
  endpoint: httpUrl.optional().describe('Endpoint override, e.g. http://localhost:8000 for DynamoDB Local.'),
});

export const actionsCacheStateSchema = z.strictObject({
  type: z.literal('actions-cache').describe('The GitHub Actions cache: for the GitHub Action.'),
  prefix: z
    .string()
    .regex(/^[^\s,]+$/, { error: 'must not be empty or contain spaces or commas (cache keys cannot)' })
    // "--" ends a pool's part of a key, so no pool's restore prefix can be another's.
    .refine((p) => !p.includes('--') && !p.endsWith('-'), { error: 'must not contain "--" or end with "-"' })
    .default('ci-scaler')
    .describe('Prefix of the cache keys.'),
});

export const stateSchema = z
  .discriminatedUnion(
    'type',
    [memoryStateSchema, fileStateSchema, dynamodbStateSchema, actionsCacheStateSchema],
    {
      error: unknownTypeError('state store'),
    },
  )
  .describe('State store: memory, file, dynamodb or actions-cache.');

export type StateConfig = z.output<typeof stateSchema>;
