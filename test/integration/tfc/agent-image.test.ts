/**
 * The test agent image speaks docs/dev/fake-agent-protocol.md: one agent container on the
 * test dockerd, against the fake TFC over the host network.
 */
import { randomBytes } from 'node:crypto';
import type Dockerode from 'dockerode';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_IMAGE, ensureAgentImage } from '../../support/agent-image.js';
import { removePoolContainers } from '../../support/docker-cleanup.js';
import { dockerGate } from '../../support/docker-gate.js';
import { dockerClient, sharedDockerd } from '../../support/shared-dockerd.js';
import { FakeTfc } from '../../fakes/tfc/index.js';

const gate = dockerGate();
const AGENT_TOKEN = 'agent-token-do-not-print';

/** Waits for a condition the container brings about; the deadline only keeps a broken run from hanging. */
async function until(what: string, done: () => boolean, deadlineMs = 30_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!done()) {
    if (Date.now() > end) throw new Error(`gave up waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.skipIf(gate.skip)(gate.title('docker agent image'), () => {
  const label = `tfc-ai-${randomBytes(3).toString('hex')}`;
  let docker: Dockerode;
  let tfc: FakeTfc;

  beforeAll(async () => {
    docker = dockerClient(await sharedDockerd());
    await ensureAgentImage(docker);
    tfc = new FakeTfc({ tokens: ['api-token'], organizations: ['acme'] });
    await tfc.start();
  });
  afterEach(() => removePoolContainers(docker, [label]));
  afterAll(() => tfc.stop());

  async function startAgent(name: string, poolId: string, token: string): Promise<Dockerode.Container> {
    const container = await docker.createContainer({
      name,
      Image: AGENT_IMAGE,
      Env: [
        `FAKE_TFC_URL=${tfc.url}`,
        `TFC_AGENT_POOL=${poolId}`,
        `TFC_AGENT_NAME=${name}`,
        `TFC_AGENT_TOKEN=${token}`,
        'FAKE_JOB_SECONDS=0.2',
        'FAKE_POLL_SECONDS=0.1',
      ],
      Labels: { 'ci-scaler.pool': label },
      HostConfig: { NetworkMode: 'host' },
    });
    await container.start();
    return container;
  }

  const logsOf = async (c: Dockerode.Container) => (await c.logs({ stdout: true, stderr: true })).toString();

  it('docker: registers idle, takes a queued run through plan and apply, and leaves the pool on stop', async () => {
    const pool = tfc.createPool('acme', `${label}-pool`, { agentToken: AGENT_TOKEN });
    const ws = tfc.createWorkspace('acme', `${label}-ws`, pool.id);
    const name = `${label}-agent-1`;
    const container = await startAgent(name, pool.id, AGENT_TOKEN);
    await until('the agent registers', () => tfc.agentNamed(name)?.status === 'idle');
    expect(tfc.agentNamed(name)).toMatchObject({ poolId: pool.id, ip: '127.0.0.1', runId: undefined });

    const run = tfc.queueRun(ws.id);
    await until('the run is applied', () => tfc.run(run.id).status === 'applied');
    expect(tfc.run(run.id).history).toEqual([
      'pending',
      'plan_queued',
      'planning',
      'apply_queued',
      'applying',
      'applied',
    ]);
    expect(tfc.run(run.id).agentId).toBe(tfc.agentNamed(name)?.id);
    await until('the agent is idle again', () => tfc.agentNamed(name)?.status === 'idle');

    const agentId = tfc.agentNamed(name)?.id;
    await container.stop({ t: 10 });
    expect((await container.inspect()).State.ExitCode).toBe(0);
    expect(tfc.agentNamed(name)).toBeUndefined();
    expect(tfc.records.filter((r) => r.type === 'agent-exited')).toEqual([
      expect.objectContaining({ agentId, busy: false }),
    ]);
    const logs = await logsOf(container);
    expect(logs).toContain(`fake-agent ${name}: plan ${run.id}`);
    expect(logs).toContain(`fake-agent ${name}: apply ${run.id} done`);
    expect(logs).not.toContain(AGENT_TOKEN);
  });

  it('docker: a wrong agent token is refused: the agent exits 1 and never joins the pool', async () => {
    const pool = tfc.createPool('acme', `${label}-locked`, { agentToken: AGENT_TOKEN });
    const name = `${label}-agent-2`;
    const container = await startAgent(name, pool.id, 'not-the-agent-token');
    const exit = (await container.wait()) as { StatusCode: number };
    expect(exit.StatusCode).toBe(1);
    expect(tfc.agents.filter((a) => a.poolId === pool.id)).toEqual([]);
    const logs = await logsOf(container);
    expect(logs).toMatch(/register failed: .*401/);
    expect(logs).not.toContain('not-the-agent-token');
  });

  it('docker: ensureAgentImage is idempotent (the second call keeps the image)', async () => {
    const before = await docker.getImage(AGENT_IMAGE).inspect();
    await ensureAgentImage(docker);
    expect((await docker.getImage(AGENT_IMAGE).inspect()).Id).toBe(before.Id);
  });
});
