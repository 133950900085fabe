/** The fake GitHub's public model: options, state as tests read it, and its logs. */

export interface FakeAppOptions {
  /** The App id the JWT's `iss` must carry. */
  readonly appId: string;
  readonly installationId: number;
  /** Verifies the RS256 JWTs the client signs with the App's private key. */
  readonly publicKeyPem: string;
}

export interface FakeRunnerGroup {
  readonly id: number;
  readonly name: string;
}

export interface FakeGitHubOptions {
  /** Personal access tokens the fake accepts (`Authorization: token X` or `Bearer X`). */
  readonly tokens: readonly string[];
  /** The organisation owning every repository. */
  readonly owner: string;
  readonly repos: readonly string[];
  /** Epoch milliseconds; timestamps, records and rate-limit windows read it. */
  readonly clock?: () => number;
  readonly app?: FakeAppOptions;
  /** Organisation runner groups besides `Default` (id 1), which always exists. */
  readonly runnerGroups?: readonly FakeRunnerGroup[];
  /** Requests per hour per token (GitHub: 5,000 for a PAT). */
  readonly rateLimit?: number;
}

/** Where a runner is registered: one repository or the organisation. */
export type RunnerScope = { readonly kind: 'org' } | { readonly kind: 'repo'; readonly repo: string };

export interface FakeRunner {
  readonly id: number;
  readonly name: string;
  readonly scope: RunnerScope;
  readonly labels: readonly string[];
  readonly groupId: number;
  status: 'online' | 'offline';
  busy: boolean;
  /** The job it took; an ephemeral runner takes one. */
  jobId: number | null;
  readonly createdAt: number;
}

export type JobConclusion = 'success' | 'failure' | 'cancelled' | 'skipped';

export interface FakeJob {
  readonly id: number;
  readonly runId: number;
  readonly repo: string;
  readonly name: string;
  readonly labels: readonly string[];
  /** Seconds the fake runner sleeps before it completes the job. */
  readonly duration: number;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: JobConclusion | null;
  readonly createdAt: number;
  startedAt: number | null;
  completedAt: number | null;
  runnerId: number | null;
  runnerName: string | null;
  runnerGroupId: number | null;
}

export interface FakeRun {
  readonly id: number;
  readonly repo: string;
  readonly workflowName: string;
  readonly headBranch: string;
  readonly runNumber: number;
  readonly createdAt: number;
}

export interface QueueJobOptions {
  /** Defaults to the first configured repository. */
  readonly repo?: string;
  readonly labels: readonly string[];
  readonly duration: number;
  /** Joins an existing run, or creates a run with this id when it is new. */
  readonly runId?: number;
  readonly name?: string;
  readonly workflowName?: string;
  readonly headBranch?: string;
}

export type RecordType =
  | 'jitconfig'
  | 'runner-online'
  | 'job-started'
  | 'job-completed'
  | 'runner-deleted'
  | 'delete-refused-busy'
  | 'job-rerun';

export interface FakeRecord {
  readonly at: number;
  readonly type: RecordType;
  readonly runner?: string;
  readonly job?: number;
}

export interface RequestLogEntry {
  readonly at: number;
  readonly method: string;
  /** The path without its query string, so calls to one endpoint are easy to count. */
  readonly path: string;
  /** The query string without `?`, '' when there was none. */
  readonly query: string;
  readonly status: number;
  readonly notModified: boolean;
}

export type FailureMode = 'secondary-limit' | 'server-error' | 'not-found';

export type Permission = 'administration' | 'actions';

export type WorkflowJobAction = 'queued' | 'in_progress' | 'completed';

export interface WebhookDelivery {
  readonly id: string;
  readonly event: 'workflow_job';
  /** The raw JSON the signature covers. */
  readonly body: string;
  readonly headers: Record<string, string>;
}

export interface RecordedDelivery extends WebhookDelivery {
  readonly action: WorkflowJobAction;
  /** True when `drop` lost it: `deliver` was never called. */
  readonly dropped: boolean;
  /** What `deliver` threw, if it did. */
  error?: unknown;
}

export interface WebhookConfig {
  readonly secret: string;
  readonly deliver: (delivery: WebhookDelivery) => Promise<void>;
  /** Returns true to lose a delivery (it is still recorded, with `dropped: true`). */
  readonly drop?: (delivery: WebhookDelivery) => boolean;
}
