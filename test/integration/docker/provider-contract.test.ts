/**
 * The EphemeralProvider contract over the in-memory FakeHost and the Docker provider
 * (isolated dockerd, test runner image).
 */
import { randomBytes } from 'node:crypto';
import { describe } from 'vitest';
import type { DockerProviderConfig } from '../../../src/config/docker-schema.js';
import type { LaunchSpec, Machine } from '../../../src/providers/provider.js';
import { createDockerProvider } from '../../../src/providers/docker/index.js';
import { silentLogger } from '../../../src/telemetry/logger.js';
import {
  defineProviderContract,
  type ContractOptions,
  type ProviderFactory,
} from '../../contract/provider-contract.js';
import { FakeHost } from '../../fakes/memory-ci.js';
import { removePoolContainers } from '../../support/docker-cleanup.js';
import { dockerGate } from '../../support/docker-gate.js';
import { poolPolicy } from '../../support/pool-policy.js';
import { dockerClient, sharedDockerd } from '../../support/shared-dockerd.js';

const idleEnv = { FAKE_RUNNER_MODE: 'sleep' };
const exitEnv = (code: number) => ({ FAKE_RUNNER_MODE: `exit:${code}` });

/** Pool names that are not prefixes of each other (FakeHost matches machines by `<pool>-`). */
function pools() {
  const run = randomBytes(3).toString('hex');
  return { pool: poolPolicy(`ct-${run}-a`), otherPool: poolPolicy(`ct-${run}-b`) };
}

/** FakeHost has no process to exit: this double plays the container's part and exits at launch when asked. */
class ExitingFakeHost extends FakeHost {
  override async launch(spec: LaunchSpec): Promise<Machine> {
    const machine = await super.launch(spec);
    const code = /^exit:(\d+)$/.exec(spec.env['FAKE_RUNNER_MODE'] ?? '')?.[1];
    if (code !== undefined) this.exit(spec.name, Number(code));
    return machine;
  }
}

const fakeFactory: ProviderFactory = () =>
  Promise.resolve({
    provider: new ExitingFakeHost(() => Date.now()),
    ...pools(),
    idleEnv,
    exitEnv,
    cleanup: () => Promise.resolve(),
  });

const dockerFactory: ProviderFactory = async () => {
  const daemon = await sharedDockerd();
  const docker = dockerClient(daemon);
  const { pool, otherPool } = pools();
  const config: DockerProviderConfig = {
    type: 'docker',
    mode: 'ephemeral',
    image: daemon.image,
    networkMode: 'host',
    stopTimeout: 5_000,
  };
  return {
    provider: createDockerProvider(config, {
      env: { DOCKER_HOST: daemon.host },
      logger: silentLogger,
      clock: Date.now,
    }),
    pool,
    otherPool,
    idleEnv,
    exitEnv,
    cleanup: () => removePoolContainers(docker, [pool.name, otherPool.name]),
  };
};

const gate = dockerGate();

const providers: { name: string; factory: ProviderFactory; options: ContractOptions }[] = [
  {
    name: 'memory FakeHost',
    factory: fakeFactory,
    options: {},
  },
  {
    name: 'docker',
    factory: dockerFactory,
    options: gate.skip ? { skip: gate.reason } : {},
  },
];

describe.each(providers)('provider contract: $name', ({ name, factory, options }) => {
  defineProviderContract(name, factory, options);
});
