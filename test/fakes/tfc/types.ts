/** Entities and options of the fake HCP Terraform / Terraform Enterprise API. */

/** Agent statuses, as the agents API reports them. */
export type AgentStatus = 'idle' | 'busy' | 'unknown' | 'errored' | 'exited';

/** Run statuses the fake's flows use; `setRunStatus` takes any string. */
export type RunStatus =
  | 'pending'
  | 'plan_queued'
  | 'planning'
  | 'planned'
  | 'planned_and_finished'
  | 'apply_queued'
  | 'applying'
  | 'applied'
  | 'discarded'
  | 'errored'
  | 'canceled'
  | (string & {});

export interface FakeOrganization {
  readonly name: string;
  readonly createdAt: number;
}

export interface FakeAgentPool {
  readonly id: string;
  readonly name: string;
  readonly organization: string;
  readonly createdAt: number;
  /** The agent token `/fake-agent/register` must present; any is accepted when unset. */
  readonly agentToken?: string;
}

export interface FakeWorkspace {
  readonly id: string;
  readonly name: string;
  readonly organization: string;
  readonly createdAt: number;
  poolId: string | undefined;
  /** The run that is (or last was) this workspace's active one; speculative runs never are. */
  currentRunId: string | undefined;
}

export interface FakeAgent {
  readonly id: string;
  readonly name: string | null;
  readonly poolId: string;
  status: AgentStatus;
  ip: string;
  lastPingAt: number;
  /** The run this agent is executing, while busy. */
  runId: string | undefined;
}

export interface FakeRun {
  readonly id: string;
  readonly workspaceId: string;
  readonly createdAt: number;
  readonly message: string;
  /** Speculative: plans only, not serialised with the workspace's other runs. */
  readonly planOnly: boolean;
  /** After its plan the run goes straight to `apply_queued`; else it stops at `planned`. */
  readonly autoApply: boolean;
  status: RunStatus;
  /** Every status the run has had, in order. */
  readonly history: RunStatus[];
  /** The agent that runs (or last ran) a phase of it. */
  agentId: string | undefined;
}

export interface QueueRunOptions {
  /** Speculative plan (plan-only). Default false. */
  readonly speculative?: boolean;
  /** Default true: only `needsApproval` runs wait at `planned`. */
  readonly autoApply?: boolean;
  /** Same as `autoApply: false`: the run waits at `planned` for `approve`. */
  readonly needsApproval?: boolean;
  readonly message?: string;
}

export interface FakeTfcOptions {
  /** API tokens that authenticate (any other answers 401). */
  readonly tokens: readonly string[];
  readonly organizations: readonly string[];
  readonly clock?: () => number;
  /**
   * `GET /organizations/:org/runs` exists (HCP Terraform, TFE v202409-1+). False: it answers
   * 404, as older Terraform Enterprise does.
   */
  readonly organizationRunsListing?: boolean;
  /** Requests a minute per token the runs listings allow (documented: 30). */
  readonly runsListingLimitPerMinute?: number;
}

export interface RequestLogEntry {
  readonly at: number;
  readonly method: string;
  readonly path: string;
  /** Decoded query, e.g. `filter[status_group]=non_final&page[size]=100`. */
  readonly query: string;
  readonly status: number;
}

/** What the fake saw happen, for assertions such as "no run lost its agent". */
export type FakeRecord =
  | { readonly type: 'run-status'; readonly at: number; readonly runId: string; readonly status: RunStatus }
  | {
      readonly type: 'agent-registered';
      readonly at: number;
      readonly agentId: string;
      readonly name: string;
    }
  | { readonly type: 'agent-exited'; readonly at: number; readonly agentId: string; readonly busy: boolean };

export interface RateLimitFault {
  /** `x-ratelimit-reset`, seconds; default 0.2. */
  readonly resetSeconds?: number;
  /** `Retry-After` value, sent only when given. */
  readonly retryAfter?: string;
}
