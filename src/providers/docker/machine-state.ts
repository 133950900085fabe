/** A listed container as a Machine. Pure. */
import type Dockerode from 'dockerode';
import type { Machine } from '../provider.js';
import { LABEL } from './container-spec.js';

/** Docker's container states (`State` in a list answer). */
export function machineState(state: string): Machine['state'] {
  switch (state) {
    case 'created':
    case 'restarting':
      return 'starting';
    case 'running':
    case 'paused':
      return 'running';
    case 'exited':
    case 'dead':
    case 'removing':
      return 'exited';
    default:
      // A state this code does not know: counting it as alive keeps it from being reaped as failed.
      return 'running';
  }
}

/** The code in a list `Status` such as "Exited (3) 2 seconds ago". */
export function exitCodeFromStatus(status: string): number | undefined {
  const match = /^Exited \((-?\d+)\)/.exec(status);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** The container's name (what terminate() is called with), without Docker's leading slash. */
export function containerName(info: Dockerode.ContainerInfo): string {
  const name = info.Names[0];
  return name !== undefined ? name.replace(/^\//, '') : (info.Labels[LABEL.worker] ?? info.Id);
}

export function toMachine(info: Dockerode.ContainerInfo, exitCode: number | undefined): Machine {
  const state = machineState(info.State);
  const jobId = info.Labels[LABEL.job];
  return {
    name: containerName(info),
    state,
    createdAt: info.Created * 1000,
    ...(jobId !== undefined && jobId !== '' && { jobId }),
    ...(state === 'exited' && exitCode !== undefined && { exitCode }),
  };
}
