/**
 * A launch whose container fails to start (a transient engine error: here the network
 * namespace it joins is missing) registered first. Found by review: its registration
 * stayed, with no machine, and counted as booting until bootTimeout (10 minutes), so the
 * queued job got no new worker for that long. The registration is now withdrawn when the
 * launch fails, and the next reconcile launches again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerGate } from '../../support/docker-gate.js';
import { removeContainer } from '../../support/docker-cleanup.js';
import { sharedDockerd } from '../../support/shared-dockerd.js';
import { allCompleted, startE2e, type E2e } from '../harness.js';

const gate = dockerGate();

describe.skipIf(gate.skip)(gate.title('docker e2e: a launch that fails at the engine'), () => {
  let e: E2e;
  const helper = `failed-launch-net-${process.pid}`;
  beforeAll(async () => {
    const daemon = await sharedDockerd();
    e = await startE2e({
      events: false,
      pool: {
        provider: {
          type: 'docker',
          image: daemon.image,
          host: daemon.host,
          networkMode: `container:${helper}`,
          stopTimeout: '5s',
        },
        bootTimeout: '10m',
      },
    });
  });
  afterAll(async () => {
    await e.close();
    await removeContainer(e.docker, helper);
  });

  it('withdraws its registration, and the next reconcile launches again at once', async () => {
    const job = e.gh.queueJob({ labels: ['self-hosted', 'linux'], duration: 1 });
    const first = await e.reconcile();
    expect(first.outcomes.map((o) => `${o.type} ${o.target} ${o.result}`)).toEqual([
      `launch ${e.pool}-${job.id}-1 failed`,
    ]);
    expect(first.outcomes[0]?.detail).toMatch(/registration withdrawn$/);
    expect(await e.containers()).toEqual([]);
    expect(e.gh.runners.map((r) => r.name)).toEqual([]);

    // The cause goes away: the namespace the runner joins exists now.
    const c = await e.docker.createContainer({
      name: helper,
      Image: (await sharedDockerd()).image,
      Cmd: ['/bin/sh', '-c', 'while :; do sleep 1; done'],
      HostConfig: { NetworkMode: 'host' },
    });
    await c.start();

    const second = await e.reconcile();
    expect(second.decision?.reason).toMatch(/0 booting/);
    expect(second.outcomes.map((o) => `${o.type} ${o.target} ${o.result}`)).toEqual([
      `launch ${e.pool}-${job.id}-2 ok`,
    ]);
    await e.until(() => allCompleted(e.gh), 'the job to complete on its second worker');
  });
});
