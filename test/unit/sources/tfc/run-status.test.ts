import { describe, expect, it } from 'vitest';
import { classifyRun, FINAL_STATUSES, NON_FINAL_STATUSES } from '../../../../src/sources/tfc/run-status.js';

const normal = (status: string) => classifyRun({ status, planOnly: false, savePlan: false });

describe('TFC run status tables', () => {
  it.each([
    ['plan_queued', 'queued', 'plan'],
    ['queuing', 'queued', 'plan'],
    ['fetching', 'queued', 'plan'],
    ['apply_queued', 'queued', 'apply'],
    ['queuing_apply', 'queued', 'apply'],
    ['confirmed', 'queued', 'apply'],
    ['planning', 'running', 'plan'],
    ['pre_plan_running', 'running', 'plan'],
    ['cost_estimating', 'running', 'plan'],
    ['post_plan_running', 'running', 'plan'],
    ['policy_checking', 'running', 'policy'],
    ['pre_apply_running', 'running', 'apply'],
    ['applying', 'running', 'apply'],
    ['pending', 'waiting', 'plan'],
    ['planned', 'waiting', 'apply'],
    ['cost_estimated', 'waiting', 'apply'],
    ['policy_checked', 'waiting', 'apply'],
    ['policy_override', 'waiting', 'apply'],
    ['post_plan_awaiting_decision', 'waiting', 'apply'],
    ['planned_and_saved', 'waiting', 'apply'],
  ])('%s -> %s %s, serialised with its workspace', (status, state, kind) => {
    expect(normal(status)).toEqual({ type: 'active', state, kind, grouped: true, unknownStatus: false });
  });

  it.each([
    'applied',
    'planned_and_finished',
    'discarded',
    'errored',
    'canceled',
    'force_canceled',
    'policy_soft_failed',
  ])('%s is final: no job', (status) => {
    expect(normal(status)).toEqual({ type: 'final' });
  });

  it('no status is both final and non-final', () => {
    expect(NON_FINAL_STATUSES.filter((s) => FINAL_STATUSES.has(s))).toEqual([]);
  });

  it('speculative runs are plans of their own group: never apply, never grouped', () => {
    for (const status of ['plan_queued', 'planning', 'planned', 'cost_estimated']) {
      const c = classifyRun({ status, planOnly: true, savePlan: false });
      expect(c).toMatchObject({ type: 'active', kind: 'plan', grouped: false });
    }
    expect(classifyRun({ status: 'policy_checking', planOnly: true, savePlan: false })).toMatchObject({
      kind: 'policy',
      grouped: false,
    });
  });

  it('saved plans plan beside the workspace and are serialised once they apply', () => {
    expect(classifyRun({ status: 'planning', planOnly: false, savePlan: true })).toMatchObject({
      grouped: false,
    });
    expect(classifyRun({ status: 'apply_queued', planOnly: false, savePlan: true })).toMatchObject({
      grouped: true,
    });
  });

  it('an unknown status counts as running (holds a slot, launches nothing) and says so', () => {
    expect(normal('warp_drive_engaged')).toEqual({
      type: 'active',
      state: 'running',
      kind: 'plan',
      grouped: true,
      unknownStatus: true,
    });
  });
});
