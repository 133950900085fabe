import { actionsRoutes } from './actions-routes.js';
import type { ApiContext } from './api-context.js';
import { handleApi, type ApiDeps, type ApiRequest, type Reply } from './api-handler.js';
import { appRoutes } from './app-routes.js';
import { Authenticator } from './auth.js';
import { Faults } from './faults.js';
import { listen, type RunningServer } from './http-server.js';
import { createProtocolHandler } from './protocol.js';
import { RateLimits } from './rate-limit.js';
import type { ShapeContext } from './rest-shapes.js';
import { runnerRoutes } from './runner-routes.js';
import { GitHubState } from './state.js';
import type {
  FailureMode,
  FakeGitHubOptions,
  FakeJob,
  FakeRecord,
  FakeRun,
  FakeRunner,
  FakeRunnerGroup,
  JobConclusion,
  Permission,
  QueueJobOptions,
  RecordedDelivery,
  RequestLogEntry,
  WebhookConfig,
  WorkflowJobAction,
} from './types.js';
import { workflowJobPayload } from './webhook-payload.js';
import { WebhookSender } from './webhook-sender.js';

const OWNER_ID = 9001;
const FIRST_REPO_ID = 100_001;
const DEFAULT_GROUP: FakeRunnerGroup = { id: 1, name: 'Default' };

/**
 * A stateful GitHub for tests: the REST endpoints ci-scaler calls, the App token
 * exchange, `workflow_job` webhooks, and the fake runner protocol the test runner image
 * speaks. Real clients talk to it over HTTP on 127.0.0.1.
 */
export class FakeGitHub {
  /** Where `workflow_job` deliveries go; none are made while it is undefined. */
  webhooks: WebhookConfig | undefined;
  private readonly clock: () => number;
  private readonly state: GitHubState;
  private readonly faults = new Faults();
  private readonly sender = new WebhookSender(() => this.webhooks);
  private readonly log: RequestLogEntry[] = [];
  private readonly shapes: ShapeContext;
  private readonly api: ApiDeps;
  private readonly protocol: (method: string, url: URL) => Reply;
  private server: RunningServer | undefined;

  constructor(private readonly options: FakeGitHubOptions) {
    if (options.repos.length === 0) throw new Error('FakeGitHub needs at least one repository');
    this.clock = options.clock ?? Date.now;
    this.state = new GitHubState({
      clock: this.clock,
      repos: options.repos,
      onJob: (action, job) => {
        this.onJob(action, job);
      },
    });
    const groups = [DEFAULT_GROUP, ...(options.runnerGroups ?? []).filter((g) => g.id !== DEFAULT_GROUP.id)];
    this.shapes = this.shapeContext(groups);
    const auth = new Authenticator(options.tokens, options.app, this.clock);
    const ctx: ApiContext = {
      state: this.state,
      shapes: this.shapes,
      owner: options.owner,
      repos: options.repos,
      groups,
      app: options.app,
      auth,
    };
    this.api = {
      routes: [...runnerRoutes(ctx), ...actionsRoutes(ctx), ...appRoutes(ctx)],
      auth,
      faults: this.faults,
      rateLimits: new RateLimits(options.rateLimit ?? 5000, this.clock),
    };
    this.protocol = createProtocolHandler({ state: this.state, faults: this.faults });
  }

  /** `http://127.0.0.1:<port>`, the base URL for clients and for the runner protocol. */
  get url(): string {
    if (this.server === undefined) throw new Error('FakeGitHub is not started: await gh.start() first');
    return this.server.url;
  }

  async start(): Promise<void> {
    if (this.server !== undefined) return;
    this.server = await listen((request) => this.handle(request));
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    await server?.close();
  }

  // ---- state, read-only for tests ----

  get jobs(): readonly Readonly<FakeJob>[] {
    return [...this.state.jobs.values()];
  }

  get runners(): readonly Readonly<FakeRunner>[] {
    return [...this.state.runners.values()];
  }

  get runs(): readonly FakeRun[] {
    return [...this.state.runs.values()];
  }

  /** Append-only, in time order. */
  get records(): readonly FakeRecord[] {
    return this.state.records;
  }

  /** Every REST request (not the runner protocol), in arrival order. */
  get requests(): readonly RequestLogEntry[] {
    return this.log;
  }

  resetRequests(): void {
    this.log.length = 0;
  }

  /** Every webhook delivery made, dropped ones included; see `webhooksDelivered()`. */
  get deliveries(): readonly RecordedDelivery[] {
    return this.sender.deliveries;
  }

  /** Resolves once every delivery due so far has been signed and handed to `deliver`. */
  webhooksDelivered(): Promise<void> {
    return this.sender.idle();
  }

  /** Jobs that started and never completed: a runner was killed while busy. */
  unfinishedJobs(): readonly Readonly<FakeJob>[] {
    return this.jobs.filter((j) => j.status === 'in_progress');
  }

  // ---- controls ----

  queueJob(options: QueueJobOptions): Readonly<FakeJob> {
    return this.state.queueJob(options);
  }

  /** What a runner's `/connect` does: online, and a `runner-online` record. */
  connectRunner(runnerName: string): void {
    this.state.connect(this.state.runnerNamed(runnerName));
  }

  /** What `/acquire` does for this job: the runner comes online if it was not, then takes it. */
  startJob(runnerName: string, jobId: number): Readonly<FakeJob> {
    const job = this.state.job(jobId);
    this.state.start(this.state.runnerNamed(runnerName), job);
    return job;
  }

  /** What `/complete` does: the job completes and its ephemeral runner deregisters. */
  completeJob(jobId: number, conclusion: JobConclusion = 'success'): Readonly<FakeJob> {
    return this.state.complete(jobId, conclusion);
  }

  /** Cancels a queued job before any runner takes it (GitHub's "cancel workflow" on a waiting run). */
  cancelJob(jobId: number): Readonly<FakeJob> {
    return this.state.cancelQueued(jobId);
  }

  failNext(count: number, mode: FailureMode): void {
    this.faults.failNext(count, mode);
  }

  /** Refuses the endpoints that need `permission` with 403, until restored. */
  missingPermission(permission: Permission): void {
    this.faults.setMissing(permission, true);
  }

  restorePermission(permission: Permission): void {
    this.faults.setMissing(permission, false);
  }

  crashNextConnects(count: number): void {
    this.faults.crashNextConnects(count);
  }

  // ---- internals ----

  private handle(request: ApiRequest): Reply {
    if (request.url.pathname.startsWith('/_fake/')) return this.protocol(request.method, request.url);
    const reply = handleApi(this.api, request);
    this.log.push({
      at: this.clock(),
      method: request.method,
      path: request.url.pathname,
      query: request.url.search.replace(/^\?/, ''),
      status: reply.status,
      notModified: reply.status === 304,
    });
    return reply;
  }

  private onJob(action: WorkflowJobAction, job: FakeJob): void {
    this.sender.send(action, () => {
      const run = this.state.run(job.runId);
      return JSON.stringify(
        workflowJobPayload(action, job, run, this.shapes, this.options.app?.installationId),
      );
    });
  }

  private shapeContext(groups: readonly FakeRunnerGroup[]): ShapeContext {
    const repos = this.options.repos;
    const labelId = (label: string): number => this.state.labelId(label);
    const server = (): RunningServer | undefined => this.server;
    return {
      // Before start() a payload still needs a host; nobody can follow its links then.
      get baseUrl() {
        return server()?.url ?? 'http://127.0.0.1';
      },
      owner: this.options.owner,
      ownerId: OWNER_ID,
      repoId: (repo) => FIRST_REPO_ID + Math.max(0, repos.indexOf(repo)),
      labelId,
      groupName: (id) => groups.find((g) => g.id === id)?.name ?? `group-${id}`,
    };
  }
}
