/**
 * The instances' own side: at each tick (a DescribeInstances call) a pending instance boots
 * and plays the bootstrap (reads the config parameter its tag names, deletes it, starts the
 * runner), and an instance terminated through the API finishes shutting down.
 */
import type { FakeInstance, FakeState } from './ec2-fake-state.js';

export interface BootOptions {
  readonly autoBoot: boolean;
  readonly deleteParameter: boolean;
}

/** The bootstrap's exit when its config parameter is missing. */
export const NO_CONFIG_EXIT = 71;

export function tick(
  state: FakeState,
  options: BootOptions,
  booted: Map<string, Record<string, string>>,
): void {
  for (const i of state.instances.values()) {
    if (i.state === 'shutting-down' && i.terminating) i.state = 'terminated';
    else if (i.state === 'pending' && options.autoBoot) bootInstance(state, i, options, booted);
  }
}

export function bootInstance(
  state: FakeState,
  i: FakeInstance,
  options: BootOptions,
  booted: Map<string, Record<string, string>>,
): void {
  if (!i.bootable || i.state !== 'pending') return;
  const name = i.tags.get('ci-scaler:config-parameter');
  const parameter = name !== undefined ? state.parameters.get(name) : undefined;
  if (name === undefined || parameter === undefined) {
    exitInstance(i, NO_CONFIG_EXIT);
    return;
  }
  const env = JSON.parse(parameter.value) as Record<string, string>;
  booted.set(i.id, env);
  if (options.deleteParameter) state.parameters.delete(name);
  i.state = 'running';
  const code = env['FAKE_EXIT_CODE'];
  if (code !== undefined) exitInstance(i, Number(code));
}

/** The runner exited: the bootstrap tags the code and shuts the instance down. */
export function exitInstance(i: FakeInstance, code: number): void {
  i.tags.set('ci-scaler:exit-code', String(code));
  i.state = 'shutting-down';
  i.stateReason = {
    Code: 'Client.InstanceInitiatedShutdown',
    Message: 'Client.InstanceInitiatedShutdown: Instance initiated shutdown',
  };
}
