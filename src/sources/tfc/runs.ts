/**
 * Runs as core jobs, and the organisation runs listing filtered to one agent pool.
 * https://developer.hashicorp.com/terraform/cloud-docs/api-docs/run#list-runs-in-an-organization
 */
import { ProviderError } from '../../core/errors.js';
import type { Job } from '../../core/types.js';
import type { TfcHttp } from './http-client.js';
import { booleanAttr, relatedIds, stringAttr, type Resource } from './json-api.js';
import { classifyRun } from './run-status.js';

/**
 * Every documented run operation. The workspace runs listing leaves `plan_only`
 * (speculative) runs out unless the filter names it; the organisation listing documents
 * no default, so the filter is always sent and no speculative plan goes uncounted.
 * https://developer.hashicorp.com/terraform/cloud-docs/api-docs/run#run-operations
 */
export const RUN_OPERATIONS: readonly string[] = [
  'plan_only',
  'plan_and_apply',
  'save_plan',
  'refresh_only',
  'destroy',
  'empty_apply',
];

export interface RunJob {
  readonly job: Job;
  /** The run's status is not in run-status.ts: it was counted as running. */
  readonly unknownStatus: boolean;
}

/**
 * One run as a job, or undefined when it is final. `group` is the workspace, except for
 * runs that are not serialised with it (speculative plans; saved plans until confirmed).
 * TFC does not say which agent runs a run, so `workerId` stays unset.
 */
export function runJob(run: Resource, workspaceId: string | undefined): RunJob | undefined {
  const status = stringAttr(run, 'status') ?? '';
  const cls = classifyRun({
    status,
    planOnly: booleanAttr(run, 'plan-only'),
    savePlan: booleanAttr(run, 'save-plan'),
  });
  if (cls.type === 'final') return undefined;
  const created = Date.parse(stringAttr(run, 'created-at') ?? '');
  const job: Job = {
    id: run.id,
    state: cls.state,
    labels: [],
    kind: cls.kind,
    ...(cls.grouped && workspaceId !== undefined && { group: workspaceId }),
    ...(!Number.isNaN(created) && { queuedAt: created }),
  };
  return { job, unknownStatus: cls.unknownStatus };
}

/**
 * Non-final runs of the pool's workspaces, or `unsupported` when the endpoint (or its
 * filters) is not there: Terraform Enterprise before v202409-1 answers 404 or 400.
 */
export async function organizationRuns(
  http: TfcHttp,
  organization: string,
  poolName: string,
): Promise<RunJob[] | 'unsupported'> {
  try {
    const { data } = await http.getAll(
      `list runs of organization ${organization}`,
      `/organizations/${encodeURIComponent(organization)}/runs`,
      {
        'filter[agent_pool_names]': poolName,
        'filter[status_group]': 'non_final',
        'filter[operation]': RUN_OPERATIONS.join(','),
      },
    );
    return data.flatMap((run) => runJob(run, relatedIds(run, 'workspace')[0]) ?? []);
  } catch (err) {
    if (err instanceof ProviderError && (err.status === 404 || err.status === 400)) return 'unsupported';
    throw err;
  }
}
