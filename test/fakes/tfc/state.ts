import { FakeError } from './fake-error.js';
import type {
  AgentStatus,
  FakeAgent,
  FakeAgentPool,
  FakeOrganization,
  FakeRecord,
  FakeRun,
  FakeWorkspace,
  QueueRunOptions,
  RunStatus,
} from './types.js';

/** Statuses after which a run is done; documented in the runs API reference. */
export const FINAL: ReadonlySet<string> = new Set([
  'applied',
  'planned_and_finished',
  'policy_soft_failed',
  'discarded',
  'errored',
  'canceled',
  'force_canceled',
]);

/** The statuses an agent picks up, and the phase it then runs. */
const TAKES: Readonly<Record<string, { phase: 'plan' | 'apply'; next: RunStatus }>> = {
  plan_queued: { phase: 'plan', next: 'planning' },
  apply_queued: { phase: 'apply', next: 'applying' },
};

/**
 * The fake's entities and their status flows. Normal runs of a workspace run one at a
 * time: pending -> plan_queued -> planning -> (planned -> approve ->) apply_queued ->
 * applying -> applied, and the next pending run starts when one is final. Speculative runs
 * plan_queued -> planning -> planned_and_finished, beside the others.
 */
export class TfcState {
  readonly organizations = new Map<string, FakeOrganization>();
  readonly pools = new Map<string, FakeAgentPool>();
  readonly workspaces = new Map<string, FakeWorkspace>();
  readonly agents = new Map<string, FakeAgent>();
  readonly runs = new Map<string, FakeRun>();
  readonly records: FakeRecord[] = [];
  private seq = 0;

  constructor(private readonly clock: () => number) {}

  nextId(prefix: string): string {
    this.seq += 1;
    return `${prefix}-${this.seq.toString(36).padStart(16, '0')}`;
  }

  organization(name: string): FakeOrganization {
    const org = this.organizations.get(name);
    if (org === undefined) throw new FakeError(404, 'not found');
    return org;
  }

  pool(id: string): FakeAgentPool {
    const pool = this.pools.get(id);
    if (pool === undefined) throw new FakeError(404, 'not found');
    return pool;
  }

  workspace(id: string): FakeWorkspace {
    const ws = this.workspaces.get(id);
    if (ws === undefined) throw new FakeError(404, 'not found');
    return ws;
  }

  run(id: string): FakeRun {
    const run = this.runs.get(id);
    if (run === undefined) throw new FakeError(404, 'not found');
    return run;
  }

  workspacesOf(poolId: string): FakeWorkspace[] {
    return [...this.workspaces.values()].filter((w) => w.poolId === poolId);
  }

  /** The newest agent of this name that has not exited. */
  agentNamed(name: string): FakeAgent {
    const found = [...this.agents.values()].reverse().find((a) => a.name === name && a.status !== 'exited');
    if (found === undefined) throw new FakeError(404, `no agent named ${name}`);
    return found;
  }

  queueRun(workspaceId: string, options: QueueRunOptions = {}): FakeRun {
    const ws = this.workspace(workspaceId);
    const run: FakeRun = {
      id: this.nextId('run'),
      workspaceId: ws.id,
      createdAt: this.clock(),
      message: options.message ?? 'Queued by a test',
      planOnly: options.speculative === true,
      autoApply: options.needsApproval !== true && options.autoApply !== false,
      status: 'pending',
      history: ['pending'],
      agentId: undefined,
    };
    this.runs.set(run.id, run);
    this.advance(ws);
    return run;
  }

  setStatus(run: FakeRun, status: RunStatus): void {
    if (run.status === status) return;
    run.status = status;
    run.history.push(status);
    this.records.push({ type: 'run-status', at: this.clock(), runId: run.id, status });
    if (FINAL.has(status)) this.advance(this.workspace(run.workspaceId));
  }

  /** Starts what can start: speculative runs at once, the oldest normal run when none is active. */
  advance(ws: FakeWorkspace): void {
    const pending = [...this.runs.values()].filter((r) => r.workspaceId === ws.id && r.status === 'pending');
    for (const run of pending.filter((r) => r.planOnly)) this.setStatus(run, 'plan_queued');
    const current = ws.currentRunId === undefined ? undefined : this.runs.get(ws.currentRunId);
    if (current !== undefined && !FINAL.has(current.status)) return;
    const next = pending.find((r) => !r.planOnly);
    if (next === undefined) return;
    ws.currentRunId = next.id;
    this.setStatus(next, 'plan_queued');
  }

  /** What an agent's poll does: the oldest runnable run of its pool's workspaces, if any. */
  take(agent: FakeAgent): { run: FakeRun; phase: 'plan' | 'apply' } | undefined {
    agent.lastPingAt = this.clock();
    if (agent.runId !== undefined) return undefined;
    const mine = new Set(this.workspacesOf(agent.poolId).map((w) => w.id));
    const run = [...this.runs.values()].find((r) => mine.has(r.workspaceId) && TAKES[r.status] !== undefined);
    const step = run === undefined ? undefined : TAKES[run.status];
    if (run === undefined || step === undefined) return undefined;
    run.agentId = agent.id;
    agent.runId = run.id;
    agent.status = 'busy';
    this.setStatus(run, step.next);
    return { run, phase: step.phase };
  }

  /** What an agent's finish does: the phase ends, the agent is idle again. */
  finish(agent: FakeAgent, runId: string): FakeRun {
    const run = this.run(runId);
    if (agent.runId !== run.id) throw new FakeError(409, `agent ${agent.id} does not run ${run.id}`);
    agent.runId = undefined;
    agent.status = 'idle';
    agent.lastPingAt = this.clock();
    if (run.status === 'planning') {
      this.setStatus(run, run.planOnly ? 'planned_and_finished' : run.autoApply ? 'apply_queued' : 'planned');
    } else if (run.status === 'applying') {
      this.setStatus(run, 'applied');
    }
    return run;
  }

  approve(run: FakeRun): void {
    if (run.status !== 'planned')
      throw new FakeError(409, 'Run was not paused for confirmation; apply not allowed.');
    this.setStatus(run, 'apply_queued');
  }

  /** The agent leaves the pool; a run it was executing errors, as on HCP Terraform. */
  exit(agent: FakeAgent): void {
    const busyWith = agent.runId === undefined ? undefined : this.runs.get(agent.runId);
    this.records.push({
      type: 'agent-exited',
      at: this.clock(),
      agentId: agent.id,
      busy: busyWith !== undefined,
    });
    agent.status = 'exited';
    agent.runId = undefined;
    if (busyWith !== undefined) this.setStatus(busyWith, 'errored');
  }

  addAgent(poolId: string, name: string | null, status: AgentStatus, ip: string): FakeAgent {
    this.pool(poolId);
    if (name !== null) {
      for (const a of this.agents.values()) if (a.name === name && a.status !== 'exited') this.exit(a);
    }
    const agent: FakeAgent = {
      id: this.nextId('agent'),
      name,
      poolId,
      status,
      ip,
      lastPingAt: this.clock(),
      runId: undefined,
    };
    this.agents.set(agent.id, agent);
    this.records.push({
      type: 'agent-registered',
      at: this.clock(),
      agentId: agent.id,
      name: name ?? agent.id,
    });
    return agent;
  }
}
