import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPoolDoc, updatePoolDoc } from '../../../src/engine/pool-doc.js';
import { MemoryProvider } from '../../../src/providers/memory/memory-provider.js';
import { AWS_EVENTS_HEADER, SPOT_WARNING } from '../../../src/runtimes/server/aws-events.js';
import { SECRETS, startServer, type TestServer } from './server-harness.js';

let server: TestServer;

/** An EventBridge event as an API destination delivers it. */
function event(detailType: string, detail: Record<string, unknown>): string {
  return JSON.stringify({
    version: '0',
    id: '12345678-1234-1234-1234-123456789012',
    'detail-type': detailType,
    source: 'aws.ec2',
    account: '123456789012',
    time: '2026-12-01T10:00:00Z',
    region: 'eu-west-1',
    resources: ['arn:aws:ec2:eu-west-1:123456789012:instance/i-1234567890abcdef0'],
    detail,
  });
}

function post(body: string, secret: string | null = SECRETS.awsEvents): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (secret !== null) headers[AWS_EVENTS_HEADER] = secret;
  return fetch(`${server.url}/events/aws`, { method: 'POST', body, headers });
}

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

describe('POST /events/aws', () => {
  it('401 without the shared secret header or with a wrong one', async () => {
    const body = event(SPOT_WARNING, {
      'instance-id': 'i-1234567890abcdef0',
      'instance-action': 'terminate',
    });
    expect((await post(body, null)).status).toBe(401);
    const wrong = await post(body, 'not-the-secret');
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: `missing or wrong ${AWS_EVENTS_HEADER} header` });
  });

  it('400 for a body that is not JSON, not an EventBridge event, or names no instance', async () => {
    expect((await post('{nope')).status).toBe(400);
    const notEvent = await post(JSON.stringify({ hello: 1 }));
    expect(notEvent.status).toBe(400);
    expect(((await notEvent.json()) as { error: string }).error).toMatch(
      /^not an EventBridge event: source: /,
    );
    const bad = await post(event(SPOT_WARNING, { 'instance-id': 'vm-1' }));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'detail.instance-id: must be an EC2 instance id (i-...)' });
  });

  it('202 ignored for other event types, and for instances no pool owns', async () => {
    const other = await post(
      event('EC2 Instance State-change Notification', { 'instance-id': 'i-0abc12345' }),
    );
    expect(other.status).toBe(202);
    expect(await other.json()).toEqual({ ignored: 'detail-type EC2 Instance State-change Notification' });
    const foreign = await post(event(SPOT_WARNING, { 'instance-id': 'i-0fedcba987654321' }));
    expect(await foreign.json()).toEqual({
      instance: 'i-0fedcba987654321',
      note: 'no pool owns this instance',
    });
  });

  it("notes the job of the pool's busy machine for a re-run and counts the interruption", async () => {
    const runtime = server.built.pools[0];
    const provider = runtime?.provider;
    if (!(provider instanceof MemoryProvider)) throw new Error('the harness pool uses the memory provider');
    const machine = await provider.launch({ pool: 'srv', name: 'srv-77-1', jobId: '77', env: {} });
    // The picture a launch leaves: the worker booting; then its runner takes the job.
    await updatePoolDoc(server.built.store, 'srv', (d) => ({
      ...d,
      workers: [...d.workers, { id: 'srv-77-1', state: 'booting', createdAt: machine.createdAt }],
    }));
    await server.built.engine.handleJobEvent({
      action: 'in_progress',
      job: { id: '77', state: 'running', labels: ['self-hosted', 'linux'] },
      runnerName: 'srv-77-1',
    });
    const res = await post(
      event(SPOT_WARNING, { 'instance-id': machine.externalId, 'instance-action': 'terminate' }),
    );
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({
      instance: machine.externalId,
      pool: 'srv',
      worker: 'srv-77-1',
      jobId: '77',
    });
    expect((await readPoolDoc(server.built.store, 'srv')).reruns).toMatchObject({
      '77': { worker: 'srv-77-1', tries: 0 },
    });
    expect(server.metrics.interruptions).toEqual(['srv']);
  });

  it('never logs the shared secret', () => {
    expect(server.logs.join('\n')).not.toContain(SECRETS.awsEvents);
  });
});
