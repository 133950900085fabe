/**
 * DynamoDB for tests: dynalite (the real DynamoDB API, in process) on a random port of
 * 127.0.0.1 (../shared/TESTING.md). dynalite lacks UpdateTimeToLive and always answers
 * DescribeTimeToLive with DISABLED, so those two calls are answered here from a small
 * record of what was asked; every other call reaches dynalite unchanged.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { initTable } from '../../src/state/dynamodb/dynamodb-table.js';
import { listenOnLoopback } from './loopback.js';

/** Fake credentials and a region: dynalite checks that requests are signed, not by whom. */
export const FAKE_AWS_ENV: Readonly<Record<string, string>> = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
};

export interface Dynalite {
  readonly endpoint: string;
  /** The attribute UpdateTimeToLive enabled TTL on, per table. */
  readonly ttl: ReadonlyMap<string, string>;
  /** The IAM action of every request served, e.g. `dynamodb:PutItem` (IAM policy test). */
  readonly actions: readonly string[];
  /** A client of this server with the fake credentials; the caller destroys it. */
  client(config?: DynamoDBClientConfig): DynamoDBClient;
  /** Creates a state table with a new name (as `state init` does) and gives its name. */
  createStateTable(): Promise<string>;
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const TARGET_PREFIX = 'DynamoDB_20120810.';

export async function startDynalite(): Promise<Dynalite> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const ttl = new Map<string, string>();
  const [original] = server.listeners('request') as Handler[];
  if (original === undefined) throw new Error('dynalite has no request handler');
  server.removeAllListeners('request');
  const actions: string[] = [];
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const target = String(req.headers['x-amz-target'] ?? '');
    if (target.startsWith(TARGET_PREFIX)) actions.push(`dynamodb:${target.slice(TARGET_PREFIX.length)}`);
    if (target === `${TARGET_PREFIX}UpdateTimeToLive`) answerTtl(req, res, ttl, 'update', original);
    else if (target === `${TARGET_PREFIX}DescribeTimeToLive`) answerTtl(req, res, ttl, 'describe', original);
    else original(req, res);
  });
  const endpoint = `http://127.0.0.1:${await listenOnLoopback(server)}`;
  const client = (config: DynamoDBClientConfig = {}): DynamoDBClient =>
    new DynamoDBClient({
      region: 'us-east-1',
      endpoint,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      ...config,
    });
  const admin = client();
  let tables = 0;
  return {
    endpoint,
    ttl,
    actions,
    client,
    createStateTable: async () => {
      tables += 1;
      const name = `state-${tables}-${Date.now().toString(36)}`;
      await initTable(admin, name);
      return name;
    },
    close: async () => {
      admin.destroy();
      await new Promise<void>((resolve, reject) => {
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
      });
    },
  };
}

/**
 * Answers the TTL calls dynalite lacks. A describe of a table with no recorded TTL goes
 * to dynalite, which answers DISABLED, or ResourceNotFoundException for a missing table.
 */
function answerTtl(
  req: IncomingMessage,
  res: ServerResponse,
  ttl: Map<string, string>,
  call: 'update' | 'describe',
  original: Handler,
): void {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
      TableName: string;
      TimeToLiveSpecification?: { AttributeName: string; Enabled: boolean };
    };
    const send = (answer: unknown): void => {
      res.setHeader('content-type', 'application/x-amz-json-1.0');
      res.end(JSON.stringify(answer));
    };
    if (call === 'update' && body.TimeToLiveSpecification !== undefined) {
      if (body.TimeToLiveSpecification.Enabled)
        ttl.set(body.TableName, body.TimeToLiveSpecification.AttributeName);
      else ttl.delete(body.TableName);
      send({ TimeToLiveSpecification: body.TimeToLiveSpecification });
      return;
    }
    const attribute = ttl.get(body.TableName);
    if (attribute !== undefined) {
      send({ TimeToLiveDescription: { TimeToLiveStatus: 'ENABLED', AttributeName: attribute } });
      return;
    }
    original(replay(req, Buffer.concat(chunks)), res);
  });
}

/** A request whose body was read already, readable once more for dynalite's handler. */
function replay(req: IncomingMessage, body: Buffer): IncomingMessage {
  const copy = Object.assign(Readable.from([body]), {
    headers: req.headers,
    method: req.method,
    url: req.url,
  });
  return copy as unknown as IncomingMessage;
}
