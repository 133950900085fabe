/**
 * `ci-scaler state init --dynamodb TABLE`: creates the DynamoDB state table, or accepts
 * an existing one with the right keys. This module loads the AWS SDK: import it lazily.
 */
import { dynamodbStateSchema } from '../../config/state-schema.js';
import { InputError, type Problem } from '../../core/errors.js';
import { createDynamoDbClient } from '../../state/dynamodb/dynamodb-client.js';
import { initTable, type InitTableResult } from '../../state/dynamodb/dynamodb-table.js';
import type { CliIo } from '../cli-io.js';

export interface StateInitOptions {
  readonly dynamodb: string;
  readonly region?: string;
  readonly endpoint?: string;
}

const OPTION_OF: Readonly<Record<string, string>> = {
  table: '--dynamodb',
  region: '--region',
  endpoint: '--endpoint',
};

/** Region and endpoint from the options, else the standard AWS environment (io.env). */
export async function stateInitCommand(io: CliIo, opts: StateInitOptions): Promise<void> {
  const { table, region, endpoint } = parseOptions(opts);
  const client = createDynamoDbClient({ region, endpoint, env: io.env });
  try {
    const result = await initTable(client, table);
    io.stdout(
      result.created
        ? `created DynamoDB table ${table} (pk, sk; on-demand billing)\n`
        : `DynamoDB table ${table} exists with the right keys (pk, sk): nothing to create\n`,
    );
    printTtl(io, result.ttl);
  } finally {
    client.destroy();
  }
}

function parseOptions(opts: StateInitOptions): {
  table: string;
  region?: string | undefined;
  endpoint?: string | undefined;
} {
  const parsed = dynamodbStateSchema.safeParse({
    type: 'dynamodb',
    table: opts.dynamodb,
    ...(opts.region !== undefined && { region: opts.region }),
    ...(opts.endpoint !== undefined && { endpoint: opts.endpoint }),
  });
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue): Problem => {
    const key = String(issue.path[0] ?? '');
    return { path: OPTION_OF[key] ?? `--${key}`, message: issue.message };
  });
  throw new InputError('invalid options', problems);
}

function printTtl(io: CliIo, ttl: InitTableResult['ttl']): void {
  if (ttl === 'enabled') io.stdout('enabled TTL on attribute ttl (old history items expire)\n');
  else if (ttl === 'kept') io.stdout('TTL is on attribute ttl already\n');
  else
    io.stderr(
      `warning: TTL of this table is on attribute "${ttl.otherAttribute}", not "ttl": history items ` +
        `will not expire (each pool's history is still trimmed to its limit)\n`,
    );
}
