/** A described instance as a Machine. Pure. */
import type { Instance } from '@aws-sdk/client-ec2';
import type { Machine } from '../provider.js';
import { TAG, tagValue } from './tags.js';

/** DescribeInstances `StateReason.Code` values (API reference, StateReason). */
const SPOT_REASONS = new Set(['Server.SpotInstanceTermination', 'Server.SpotInstanceShutdown']);
const API_SHUTDOWN = 'Client.UserInitiatedShutdown';

/** Every state but `terminated`: what a name check and terminate() look for. */
export const LIVE_STATES = ['pending', 'running', 'shutting-down', 'stopping', 'stopped'];
/** list() also asks for terminated instances, to tell spot interruptions (kept ~1 h by EC2). */
export const LISTED_STATES = [...LIVE_STATES, 'terminated'];

export function machineState(state: string | undefined): Machine['state'] {
  switch (state) {
    case 'pending':
      return 'starting';
    case 'running':
      return 'running';
    default:
      // shutting-down, stopping, stopped, terminated: the runner is not doing work any more.
      return 'exited';
  }
}

export function isInterrupted(instance: Instance): boolean {
  return SPOT_REASONS.has(instance.StateReason?.Code ?? '');
}

/**
 * Whether list() shows the instance. Terminated ones are gone unless the cloud took them
 * (spot); one terminated through the API (terminate(), an operator) is gone at once, even
 * while it is still shutting down, so terminate() removes what list() shows.
 */
export function isListed(instance: Instance): boolean {
  const state = instance.State?.Name;
  if (isInterrupted(instance)) return true;
  if (state === 'terminated') return false;
  return !(state === 'shutting-down' && instance.StateReason?.Code === API_SHUTDOWN);
}

/** The code the bootstrap tagged before shutting down, when it is a whole number. */
function exitCodeOf(instance: Instance): number | undefined {
  const raw = tagValue(instance.Tags, TAG.exitCode);
  return raw !== undefined && /^-?\d+$/.test(raw) ? Number(raw) : undefined;
}

export function toMachine(instance: Instance): Machine {
  const state = machineState(instance.State?.Name);
  const jobId = tagValue(instance.Tags, TAG.job);
  const exitCode = state === 'exited' ? exitCodeOf(instance) : undefined;
  return {
    name: tagValue(instance.Tags, TAG.worker) ?? instance.InstanceId ?? 'unknown',
    state,
    createdAt: instance.LaunchTime?.getTime() ?? 0,
    ...(jobId !== undefined && jobId !== '' && { jobId }),
    ...(exitCode !== undefined && { exitCode }),
    capacityClass: instance.InstanceLifecycle === 'spot' ? 'spot' : 'on-demand',
    ...(isInterrupted(instance) && { interrupted: true }),
    ...(instance.InstanceId !== undefined && { externalId: instance.InstanceId }),
  };
}
