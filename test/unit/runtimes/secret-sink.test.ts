/** The secrets the logs mask: the config's for good, each launch's for LAUNCH_SECRET_MS. */
import { expect, it } from 'vitest';
import { LAUNCH_SECRET_MS, secretSink } from '../../../src/runtimes/cli-context.js';
import { jsonLogger } from '../../../src/telemetry/logger.js';

it('masks a launch secret while it matters, then forgets it; a config secret stays masked', () => {
  let now = 0;
  const sink = secretSink(() => now);
  const lines: string[] = [];
  const logger = jsonLogger({ write: (l) => lines.push(l), secrets: sink.all, clock: () => now });
  sink.add('ghp_config_token');
  sink.addLaunch('jit-one');
  now += LAUNCH_SECRET_MS / 2;
  sink.addLaunch('jit-two');
  logger.info('ghp_config_token jit-one jit-two');
  expect(lines.at(-1)).toContain('"*** *** ***"');
  expect(sink.all()).toEqual(['ghp_config_token', 'jit-one', 'jit-two']);
  // A server launching for weeks keeps only the launch secrets of the last hours.
  now += LAUNCH_SECRET_MS / 2;
  expect(sink.all()).toEqual(['ghp_config_token', 'jit-two']);
  now += LAUNCH_SECRET_MS;
  expect(sink.all()).toEqual(['ghp_config_token']);
});
