/**
 * What each HCP Terraform / Terraform Enterprise run status means for capacity: the status
 * tables in one pure module. Statuses and their meaning:
 * https://developer.hashicorp.com/terraform/cloud-docs/api-docs/run#run-states
 */
import type { JobState } from '../../core/types.js';

/** The job kinds a run maps to (`slots.perJob`, the pool's `kinds` map). */
export type RunKind = 'plan' | 'apply' | 'policy';

interface Phase {
  readonly state: JobState;
  readonly kind: RunKind;
}

/**
 * Non-final statuses. `queued`: the run needs an agent next (the *_queued statuses, and
 * the steps HCP Terraform itself does just before: fetching the configuration, finished
 * pre-plan / pre-apply tasks, a confirmation). `running`: a phase is in flight; it holds
 * one slot for its workspace, so capacity does not drop between plan, checks and apply.
 * `waiting`: a person must act (confirm, override a policy, decide on a task) or, for
 * `pending`, the run is queued behind another run of its workspace: no demand.
 */
const PHASES: Readonly<Record<string, Phase>> = {
  pending: { state: 'waiting', kind: 'plan' },
  fetching: { state: 'queued', kind: 'plan' },
  fetching_completed: { state: 'queued', kind: 'plan' },
  pre_plan_running: { state: 'running', kind: 'plan' },
  pre_plan_completed: { state: 'queued', kind: 'plan' },
  queuing: { state: 'queued', kind: 'plan' },
  plan_queued: { state: 'queued', kind: 'plan' },
  planning: { state: 'running', kind: 'plan' },
  cost_estimating: { state: 'running', kind: 'plan' },
  policy_checking: { state: 'running', kind: 'policy' },
  post_plan_running: { state: 'running', kind: 'plan' },
  post_plan_completed: { state: 'running', kind: 'plan' },
  // Waiting for a person; the job they unblock is the apply.
  planned: { state: 'waiting', kind: 'apply' },
  cost_estimated: { state: 'waiting', kind: 'apply' },
  policy_checked: { state: 'waiting', kind: 'apply' },
  policy_override: { state: 'waiting', kind: 'apply' },
  post_plan_awaiting_decision: { state: 'waiting', kind: 'apply' },
  planned_and_saved: { state: 'waiting', kind: 'apply' },
  confirmed: { state: 'queued', kind: 'apply' },
  pre_apply_running: { state: 'running', kind: 'apply' },
  pre_apply_completed: { state: 'queued', kind: 'apply' },
  queuing_apply: { state: 'queued', kind: 'apply' },
  apply_queued: { state: 'queued', kind: 'apply' },
  applying: { state: 'running', kind: 'apply' },
};

/** Statuses after which a run needs nothing more. */
export const FINAL_STATUSES: ReadonlySet<string> = new Set([
  'applied',
  'planned_and_finished',
  'policy_soft_failed',
  'discarded',
  'errored',
  'canceled',
  'force_canceled',
]);

/** Every non-final status this module knows, e.g. for a fallback that filters by status. */
export const NON_FINAL_STATUSES: readonly string[] = Object.keys(PHASES);

/** The run attributes that decide its place in the demand count. */
export interface RunFacts {
  readonly status: string;
  /** Speculative (plan-only) run: never applied, never serialised with its workspace. */
  readonly planOnly: boolean;
  /** Saved-plan run: plans beside the workspace's runs, serialised only once confirmed. */
  readonly savePlan: boolean;
}

export type RunClass =
  | { readonly type: 'final' }
  | {
      readonly type: 'active';
      readonly state: JobState;
      readonly kind: RunKind;
      /** Whether the run is serialised with the other runs of its workspace. */
      readonly grouped: boolean;
      /** The status is not in the tables (a newer API): counted as running, the safe side. */
      readonly unknownStatus: boolean;
    };

/**
 * Classifies one run. A status this module does not know counts as `running` (it holds a
 * slot, never launches one, never lets capacity go), and says so.
 */
export function classifyRun(run: RunFacts): RunClass {
  if (FINAL_STATUSES.has(run.status)) return { type: 'final' };
  const known = PHASES[run.status];
  const phase = known ?? { state: 'running' as const, kind: 'plan' as const };
  // A speculative run never reaches apply; its policy checks are still `policy` jobs.
  const kind = run.planOnly && phase.kind === 'apply' ? 'plan' : phase.kind;
  const grouped = !run.planOnly && !(run.savePlan && kind !== 'apply');
  return { type: 'active', state: phase.state, kind, grouped, unknownStatus: known === undefined };
}
