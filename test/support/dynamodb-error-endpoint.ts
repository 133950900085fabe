/**
 * An endpoint that answers every DynamoDB call with one error, in the service's JSON
 * shape, so the real SDK parses it into the exception class a failing DynamoDB gives.
 * dynalite cannot be made to throttle or fail.
 */
import { createServer } from 'node:http';
import { listenOnLoopback } from './loopback.js';

export interface FailingEndpoint {
  readonly endpoint: string;
  /** What the next calls are answered with; change it between calls. */
  answer: { status: number; type: string };
  close(): Promise<void>;
}

export async function startFailingEndpoint(): Promise<FailingEndpoint> {
  const control = { answer: { status: 500, type: 'InternalServerError' } };
  const http = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.statusCode = control.answer.status;
      res.setHeader('content-type', 'application/x-amz-json-1.0');
      const type = `com.amazonaws.dynamodb.v20120810#${control.answer.type}`;
      res.end(JSON.stringify({ __type: type, message: `${control.answer.type} from the test endpoint` }));
    });
  });
  const port = await listenOnLoopback(http);
  return Object.assign(control, {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        http.close(() => {
          resolve();
        });
      }),
  });
}
