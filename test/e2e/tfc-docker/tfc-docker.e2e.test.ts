/**
 * Terraform agents on Docker end to end (issue 8): the real TFC source against the fake TFC
 * API, the Docker provider in replica mode on the test dockerd, and test agent containers
 * that register with the fake, take runs and report busy and idle.
 */
import { randomBytes } from 'node:crypto';
import type Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/config/index.js';
import { buildEngine, type Built } from '../../../src/runtimes/build-engine.js';
import { jsonLogger } from '../../../src/telemetry/logger.js';
import { FakeTfc } from '../../fakes/tfc/index.js';
import { AGENT_IMAGE, ensureAgentImage } from '../../support/agent-image.js';
import { removePoolContainers } from '../../support/docker-cleanup.js';
import { dockerGate } from '../../support/docker-gate.js';
import { dockerClient, sharedDockerd } from '../../support/shared-dockerd.js';

const gate = dockerGate();
const SECRETS = { api: 'tfc-api-token-e2e-71a2', agent: 'tfc-agent-token-e2e-90cc' };
const FINAL = new Set(['applied', 'planned_and_finished', 'discarded', 'errored', 'canceled']);

describe.skipIf(gate.skip)(gate.title('docker e2e: Terraform agents'), () => {
  const pool = `tfcd${randomBytes(3).toString('hex')}`;
  let docker: Dockerode;
  let tfc: FakeTfc;
  let built: Built;
  let agentPoolId = '';
  const logs: string[] = [];

  beforeAll(async () => {
    const daemon = await sharedDockerd();
    docker = dockerClient(daemon);
    await ensureAgentImage(docker);
    tfc = new FakeTfc({ tokens: [SECRETS.api], organizations: ['acme'] });
    await tfc.start();
    const agentPool = tfc.createPool('acme', `${pool}-agents`, { agentToken: SECRETS.agent });
    agentPoolId = agentPool.id;
    const config = validateConfig(
      {
        pools: [
          {
            name: pool,
            source: {
              type: 'tfc',
              address: tfc.url,
              organization: 'acme',
              agentPool: `${pool}-agents`,
              token: '${env:TFC_TOKEN}',
            },
            provider: {
              type: 'docker',
              mode: 'replica',
              image: AGENT_IMAGE,
              host: daemon.host,
              networkMode: 'host',
              stopTimeout: '5s',
              env: {
                FAKE_TFC_URL: tfc.url,
                TFC_AGENT_POOL: agentPool.id,
                TFC_AGENT_TOKEN: '${env:AGENT_TOKEN}',
                FAKE_JOB_SECONDS: '1',
                FAKE_POLL_SECONDS: '0.2',
              },
            },
            max: 5,
            bootTimeout: '30s',
            scaleDown: { after: '1s', cooldown: '2s' },
          },
        ],
        state: { type: 'memory' },
      },
      { TFC_TOKEN: SECRETS.api, AGENT_TOKEN: SECRETS.agent },
    );
    const masked: string[] = [];
    built = await buildEngine(config, {
      env: {},
      cwd: process.cwd(),
      clock: Date.now,
      logger: jsonLogger({ write: (l) => logs.push(l), secrets: () => masked }),
      owner: 'e2e',
      maskSecret: (s) => masked.push(s),
    });
  });
  afterAll(async () => {
    await removePoolContainers(docker, [pool]);
    await built.close();
    await tfc.stop();
  });

  const agents = async () =>
    (await docker.listContainers({ all: true, filters: { label: [`ci-scaler.pool=${pool}`] } })).filter(
      (c) => c.State !== 'exited',
    );

  /** Reconciles every 500 ms until `done`, tracking the most agent containers seen. */
  async function reconcileUntil(
    what: string,
    done: () => Promise<boolean>,
    peak: { most: number },
  ): Promise<void> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      await built.engine.reconcile(pool);
      peak.most = Math.max(peak.most, (await agents()).length);
      if (await done()) return;
      if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}\n${logs.slice(-20).join('\n')}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  it('docker: 3 workspaces (2 with a run pending behind) -> 3 agents, not 5; all runs finish; scale-in removes only idle agents; a run awaiting approval keeps none', async () => {
    const [ws1, ws2, ws3, ws4] = ['net', 'db', 'app', 'prod'].map((n) =>
      tfc.createWorkspace('acme', `${pool}-${n}`, agentPoolId),
    );
    if (ws1 === undefined || ws2 === undefined || ws3 === undefined || ws4 === undefined)
      throw new Error('no workspaces');
    const runs = [
      tfc.queueRun(ws1.id),
      tfc.queueRun(ws1.id),
      tfc.queueRun(ws2.id),
      tfc.queueRun(ws2.id),
      tfc.queueRun(ws3.id),
    ];
    const approval = tfc.queueRun(ws4.id, { needsApproval: true });
    tfc.setRunStatus(approval.id, 'planned');
    expect(runs.map((r) => tfc.run(r.id).status)).toEqual([
      'plan_queued',
      'pending',
      'plan_queued',
      'pending',
      'plan_queued',
    ]);

    const peak = { most: 0 };
    await reconcileUntil('3 agents', async () => (await agents()).length === 3, peak);
    await reconcileUntil(
      'every queued run to finish',
      () => Promise.resolve(runs.every((r) => FINAL.has(tfc.run(r.id).status))),
      peak,
    );
    expect(peak.most).toBe(3);
    expect(runs.map((r) => tfc.run(r.id).status)).toEqual(Array.from({ length: 5 }, () => 'applied'));

    // Demand is gone but for the run awaiting approval: after the cooldown every agent goes.
    await reconcileUntil('all agents removed', async () => (await agents()).length === 0, peak);
    expect(tfc.run(approval.id).status).toBe('planned');
    // An agent stopped while busy would leave its run unfinished and say so when it exits.
    expect(tfc.records.filter((r) => r.type === 'agent-exited' && r.busy)).toEqual([]);
    expect(tfc.records.filter((r) => r.type === 'agent-exited')).toHaveLength(3);
    for (const secret of Object.values(SECRETS)) expect(logs.join('\n')).not.toContain(secret);
  });
});
