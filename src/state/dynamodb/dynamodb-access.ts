import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/**
 * What the lock and history functions need of the store: its table, and its call, which
 * refuses once the store is closed and maps every SDK failure but a failed condition to
 * StateError (dynamodb-errors.ts).
 */
export interface TableAccess {
  readonly table: string;
  call<T>(operation: string, run: (client: DynamoDBClient) => Promise<T>): Promise<T>;
}
