/**
 * Suspected by review: a failed reconcile's error goes to the status board, which the
 * unauthenticated status page shows, and the logger's masking does not reach it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SECRETS, startServer, until, type TestServer } from './server-harness.js';

describe('server: a reconcile error that quotes a config secret', () => {
  let t: TestServer | undefined;
  afterEach(async () => {
    await t?.close();
  });

  it('is masked on the status board and the status page', async () => {
    const server = await startServer({ pool: { interval: '1h' }, loop: true });
    t = server;
    server.built.engine.reconcile = () =>
      Promise.reject(new Error(`GitHub refused Authorization: token ${SECRETS.github}`));
    server.ctx.requestReconcile?.('srv');
    await until(() => server.ctx.status.get('srv').result === 'error', 'the failed reconcile');
    expect(server.ctx.status.get('srv').error).toBe('GitHub refused Authorization: token ***');
    const page = await (await fetch(`${server.url}/`)).text();
    expect(page).toContain('GitHub refused Authorization: token ***');
    expect(page).not.toContain(SECRETS.github);
  });
});
