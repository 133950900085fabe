import { readFile } from 'node:fs/promises';
import { InputError, errorMessage } from '../../core/errors.js';

export type ActionTrigger =
  | { readonly kind: 'job'; readonly payload: unknown }
  | { readonly kind: 'reconcile' }
  | { readonly kind: 'ignored'; readonly event: string };

const RECONCILE_EVENTS = new Set(['schedule', 'workflow_dispatch', 'repository_dispatch']);

/** What the run was started by, from GITHUB_EVENT_NAME and the payload at GITHUB_EVENT_PATH. */
export async function readTrigger(env: Readonly<Record<string, string | undefined>>): Promise<ActionTrigger> {
  const event = env.GITHUB_EVENT_NAME ?? '';
  if (RECONCILE_EVENTS.has(event)) return { kind: 'reconcile' };
  if (event !== 'workflow_job')
    return { kind: 'ignored', event: event === '' ? '(none: GITHUB_EVENT_NAME is not set)' : event };
  const path = env.GITHUB_EVENT_PATH;
  if (path === undefined || path === '')
    throw new InputError('workflow_job event', [{ path: 'GITHUB_EVENT_PATH', message: 'is not set' }]);
  try {
    return { kind: 'job', payload: JSON.parse(await readFile(path, 'utf8')) as unknown };
  } catch (err) {
    throw new InputError('workflow_job event', [
      { path, message: `cannot read the event payload: ${errorMessage(err)}` },
    ]);
  }
}
