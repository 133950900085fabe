import { handleApi, type ApiDeps, type Reply } from './api-handler.js';
import { handleProtocol } from './agent-protocol.js';
import { FakeError } from './fake-error.js';
import { RateLimiter } from './faults.js';
import { listen, type IncomingRequest, type RunningServer } from './http-server.js';
import { apiRoutes } from './routes.js';
import { TfcState } from './state.js';
import type {
  AgentStatus,
  FakeAgent,
  FakeAgentPool,
  FakeRecord,
  FakeRun,
  FakeTfcOptions,
  FakeWorkspace,
  QueueRunOptions,
  RateLimitFault,
  RequestLogEntry,
  RunStatus,
} from './types.js';

/**
 * A stateful HCP Terraform / Terraform Enterprise API for tests: organizations, agent
 * pools, agents, workspaces and runs with their status flows, the runs listings with their
 * filters and 30-a-minute limit, pagination, 401 / 404 / 429 answers, and the test-only
 * agent protocol the agent image speaks. Real clients talk to it over HTTP on 127.0.0.1.
 */
export class FakeTfc {
  /** False: `GET /organizations/:org/runs` answers 404, as Terraform Enterprise before v202409-1. */
  organizationRunsListing: boolean;
  private readonly clock: () => number;
  private readonly state: TfcState;
  private readonly limiter: RateLimiter;
  private readonly api: ApiDeps;
  private readonly log: RequestLogEntry[] = [];
  private server: RunningServer | undefined;

  constructor(options: FakeTfcOptions) {
    this.clock = options.clock ?? Date.now;
    this.state = new TfcState(this.clock);
    for (const name of options.organizations) {
      this.state.organizations.set(name, { name, createdAt: this.clock() });
    }
    this.organizationRunsListing = options.organizationRunsListing ?? true;
    this.limiter = new RateLimiter(this.clock, options.runsListingLimitPerMinute ?? 30);
    const routes = apiRoutes({
      state: this.state,
      organizationRunsListing: () => this.organizationRunsListing,
    });
    this.api = { routes, tokens: new Set(options.tokens), limiter: this.limiter };
  }

  /** `http://127.0.0.1:<port>`: the `address` for clients and `FAKE_TFC_URL` for agents. */
  get url(): string {
    if (this.server === undefined) throw new Error('FakeTfc is not started: await tfc.start() first');
    return this.server.url;
  }

  async start(): Promise<void> {
    this.server ??= await listen((request) => this.handle(request));
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    await server?.close();
  }

  // ---- state, read-only for tests ----

  /** Every API request (not the agent protocol), in arrival order. */
  get requests(): readonly RequestLogEntry[] {
    return this.log;
  }

  resetRequests(): void {
    this.log.length = 0;
  }

  get records(): readonly FakeRecord[] {
    return this.state.records;
  }

  get runs(): readonly Readonly<FakeRun>[] {
    return [...this.state.runs.values()];
  }

  get agents(): readonly Readonly<FakeAgent>[] {
    return [...this.state.agents.values()];
  }

  run(id: string): Readonly<FakeRun> {
    return this.state.run(id);
  }

  /** The newest agent of that name that has not exited, or undefined. */
  agentNamed(name: string): Readonly<FakeAgent> | undefined {
    return [...this.state.agents.values()].reverse().find((a) => a.name === name && a.status !== 'exited');
  }

  // ---- controls ----

  createPool(
    organization: string,
    name: string,
    options: { agentToken?: string } = {},
  ): Readonly<FakeAgentPool> {
    this.state.organization(organization);
    const pool: FakeAgentPool = {
      id: this.state.nextId('apool'),
      name,
      organization,
      createdAt: this.clock(),
      ...(options.agentToken !== undefined && { agentToken: options.agentToken }),
    };
    this.state.pools.set(pool.id, pool);
    return pool;
  }

  createWorkspace(organization: string, name: string, poolId?: string): Readonly<FakeWorkspace> {
    this.state.organization(organization);
    if (poolId !== undefined) this.state.pool(poolId);
    const ws: FakeWorkspace = {
      id: this.state.nextId('ws'),
      name,
      organization,
      createdAt: this.clock(),
      poolId,
      currentRunId: undefined,
    };
    this.state.workspaces.set(ws.id, ws);
    return ws;
  }

  /** `count` workspaces named `<prefix>-1` ... in the pool. */
  createWorkspaces(
    organization: string,
    count: number,
    poolId?: string,
    prefix = 'ws',
  ): Readonly<FakeWorkspace>[] {
    return Array.from({ length: count }, (_, i) =>
      this.createWorkspace(organization, `${prefix}-${i + 1}`, poolId),
    );
  }

  /** A run: `pending`, then `plan_queued` at once unless another run of the workspace is active. */
  queueRun(workspaceId: string, options: QueueRunOptions = {}): Readonly<FakeRun> {
    return this.state.queueRun(workspaceId, options);
  }

  /** Confirms a run waiting at `planned` (what `POST /runs/:id/actions/apply` does). */
  approve(runId: string): void {
    this.state.approve(this.state.run(runId));
  }

  /** Discards a run waiting for confirmation or pending; the workspace's next run starts. */
  discard(runId: string): void {
    const run = this.state.run(runId);
    if (run.status !== 'planned' && run.status !== 'pending') throw new FakeError(409, 'not discardable');
    this.state.setStatus(run, 'discarded');
  }

  /** Any status, for the statuses the flows do not reach (policy_checking, cost_estimated, ...). */
  setRunStatus(runId: string, status: RunStatus): void {
    this.state.setStatus(this.state.run(runId), status);
  }

  addAgent(
    poolId: string,
    agent: { name: string | null; status?: AgentStatus; ip?: string },
  ): Readonly<FakeAgent> {
    const ip = agent.ip ?? `10.0.0.${(this.state.agents.size % 250) + 1}`;
    return this.state.addAgent(poolId, agent.name, agent.status ?? 'idle', ip);
  }

  setAgentStatus(agentId: string, status: AgentStatus): void {
    const agent = this.state.agents.get(agentId);
    if (agent === undefined) throw new Error(`no agent ${agentId}`);
    agent.status = status;
  }

  /** What an agent's poll does; undefined when nothing is runnable. */
  takeRun(agentName: string): { runId: string; phase: 'plan' | 'apply' } | undefined {
    const work = this.state.take(this.state.agentNamed(agentName));
    return work === undefined ? undefined : { runId: work.run.id, phase: work.phase };
  }

  /** What an agent's finish does: planning -> planned / apply_queued / planned_and_finished, applying -> applied. */
  finishRun(agentName: string, runId: string): Readonly<FakeRun> {
    return this.state.finish(this.state.agentNamed(agentName), runId);
  }

  exitAgent(agentName: string): void {
    this.state.exit(this.state.agentNamed(agentName));
  }

  /** The next `count` API requests answer 429 with `x-ratelimit-*` headers. */
  failNext(count: number, fault: RateLimitFault = {}): void {
    this.limiter.failNext(count, fault);
  }

  // ---- internals ----

  private handle(request: IncomingRequest): Reply {
    if (request.url.pathname.startsWith('/fake-agent/')) return handleProtocol(this.state, request);
    const reply = handleApi(this.api, request.method, request.url, request.authorization);
    this.log.push({
      at: this.clock(),
      method: request.method,
      path: request.url.pathname,
      query: [...request.url.searchParams].map(([k, v]) => `${k}=${v}`).join('&'),
      status: reply.status,
    });
    return reply;
  }
}
