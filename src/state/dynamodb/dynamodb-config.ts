/**
 * The `state:` section for DynamoDB as the store needs it. The config module has
 * validated the user's file against `dynamodbStateSchema` already; the registry's type
 * leaves the fields open, so they are checked here once more rather than cast.
 */
import { InputError, type Problem } from '../../core/errors.js';
import type { DynamoDbStateConfig } from '../state-config.js';

export interface DynamoDbSettings {
  readonly table: string;
  readonly region: string | undefined;
  readonly endpoint: string | undefined;
}

export function readDynamoDbConfig(config: DynamoDbStateConfig): DynamoDbSettings {
  const problems: Problem[] = [];
  const text = (name: string, required: boolean): string | undefined => {
    const value = config[name];
    if (typeof value === 'string' && value !== '') return value;
    if (value !== undefined || required)
      problems.push({ path: `state.${name}`, message: 'must be a non-empty string' });
    return undefined;
  };
  const table = text('table', true);
  const region = text('region', false);
  const endpoint = text('endpoint', false);
  if (table === undefined || problems.length > 0) throw new InputError('invalid state config', problems);
  return { table, region, endpoint };
}
