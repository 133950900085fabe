/** `ci-scaler state init --dynamodb TABLE` against dynalite. */
import { CreateTableCommand, DescribeTableCommand, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError, StateError } from '../../../src/core/errors.js';
import type { CliIo } from '../../../src/runtimes/cli-io.js';
import { stateInitCommand } from '../../../src/runtimes/commands/state-init.js';
import { createDynamoDbStore } from '../../../src/state/dynamodb/dynamodb-store.js';
import { FAKE_AWS_ENV, startDynalite, type Dynalite } from '../../support/dynalite.js';

let server: Dynalite;
beforeAll(async () => {
  server = await startDynalite();
});
afterAll(async () => {
  await server.close();
});

function captureIo(env: Readonly<Record<string, string | undefined>>): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (text: string) => {
      io.out += text;
    },
    stderr: (text: string) => {
      io.err += text;
    },
    env,
    cwd: process.cwd(),
    clock: () => Date.UTC(2026, 0, 1),
  };
  return io;
}

const envWithEndpoint = (): Record<string, string> => ({
  ...FAKE_AWS_ENV,
  AWS_ENDPOINT_URL_DYNAMODB: server.endpoint,
});

async function describeTable(name: string) {
  const client = server.client();
  try {
    return (await client.send(new DescribeTableCommand({ TableName: name }))).Table;
  } finally {
    client.destroy();
  }
}

describe('stateInitCommand', () => {
  it('creates the table with pk and sk, on demand, ACTIVE, with TTL on ttl; a store then works on it', async () => {
    const io = captureIo(envWithEndpoint());
    await stateInitCommand(io, { dynamodb: 'ci-scaler-init' });
    expect(io.out).toBe(
      'created DynamoDB table ci-scaler-init (pk, sk; on-demand billing)\n' +
        'enabled TTL on attribute ttl (old history items expire)\n',
    );
    const table = await describeTable('ci-scaler-init');
    expect(table?.TableStatus).toBe('ACTIVE');
    expect(table?.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    expect(server.ttl.get('ci-scaler-init')).toBe('ttl');
    const store = createDynamoDbStore({ table: 'ci-scaler-init', clock: io.clock, env: envWithEndpoint() });
    expect(await store.put('k', 1, 0)).toBe(1);
    await store.close();
  });

  it('accepts an existing table with the right keys, and takes endpoint and region from the options', async () => {
    const first = captureIo(FAKE_AWS_ENV);
    await stateInitCommand(first, {
      dynamodb: 'ci-scaler-again',
      endpoint: server.endpoint,
      region: 'eu-west-1',
    });
    const again = captureIo(FAKE_AWS_ENV);
    await stateInitCommand(again, {
      dynamodb: 'ci-scaler-again',
      endpoint: server.endpoint,
      region: 'eu-west-1',
    });
    expect(again.out).toBe(
      'DynamoDB table ci-scaler-again exists with the right keys (pk, sk): nothing to create\n' +
        'TTL is on attribute ttl already\n',
    );
  });

  it('warns when TTL of the table is on another attribute, and leaves it', async () => {
    const first = captureIo(envWithEndpoint());
    await stateInitCommand(first, { dynamodb: 'ci-scaler-other-ttl' });
    const client = server.client();
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: 'ci-scaler-other-ttl',
        TimeToLiveSpecification: { AttributeName: 'expires', Enabled: true },
      }),
    );
    client.destroy();
    const again = captureIo(envWithEndpoint());
    await stateInitCommand(again, { dynamodb: 'ci-scaler-other-ttl' });
    expect(again.err).toContain('warning: TTL of this table is on attribute "expires", not "ttl"');
    expect(server.ttl.get('ci-scaler-other-ttl')).toBe('expires');
  });

  it('refuses a table with other keys, naming them', async () => {
    const client = server.client();
    await client.send(
      new CreateTableCommand({
        TableName: 'someone-elses',
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'N' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    client.destroy();
    const attempt = stateInitCommand(captureIo(envWithEndpoint()), { dynamodb: 'someone-elses' });
    await expect(attempt).rejects.toThrow(InputError);
    await expect(attempt).rejects.toThrow(
      'DynamoDB table "someone-elses" exists with other keys:\n' +
        'KeySchema: is id (HASH, N); ci-scaler needs pk (HASH, S), sk (RANGE, S): choose another table name',
    );
  });

  it('refuses bad options with InputError, every problem at once', async () => {
    const attempt = stateInitCommand(captureIo(envWithEndpoint()), {
      dynamodb: 'x',
      region: 'nowhere',
      endpoint: 'localhost:8000',
    });
    await expect(attempt).rejects.toThrow(InputError);
    await expect(attempt).rejects.toThrow(/--dynamodb: must be a DynamoDB table name/);
    await expect(attempt).rejects.toThrow(/--region: must be an AWS region/);
    await expect(attempt).rejects.toThrow(/--endpoint: must be an http/);
  });

  it('fails with a StateError when DynamoDB cannot be reached', async () => {
    const env = { ...FAKE_AWS_ENV, AWS_ENDPOINT_URL: 'http://127.0.0.1:1' };
    const attempt = stateInitCommand(captureIo(env), { dynamodb: 'ci-scaler-unreachable' });
    await expect(attempt).rejects.toThrow(StateError);
    await expect(attempt).rejects.toThrow(/DynamoDB DescribeTable on table "ci-scaler-unreachable" failed/);
  });
});
