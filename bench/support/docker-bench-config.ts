import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateConfig, type Config } from '../../src/config/index.js';

/**
 * One GitHub pool on the test dockerd whose runners idle (`FAKE_RUNNER_MODE=sleep`), with a
 * file store in a temp dir: what the launch benches measure against.
 */
export async function dockerBenchConfig(options: {
  readonly pool: string;
  readonly githubUrl: string;
  readonly token: string;
  readonly image: string;
  readonly dockerHost: string;
  readonly extra?: Record<string, unknown>;
}): Promise<Config> {
  const state = join(await mkdtemp(join(tmpdir(), 'ci-scaler-bench-')), 'state.json');
  return validateConfig(
    {
      pools: [
        {
          name: options.pool,
          source: {
            type: 'github',
            owner: 'acme',
            repo: 'app',
            labels: ['self-hosted', 'linux'],
            baseUrl: options.githubUrl,
            token: options.token,
          },
          provider: {
            type: 'docker',
            image: options.image,
            host: options.dockerHost,
            networkMode: 'host',
            env: { FAKE_RUNNER_MODE: 'sleep' },
          },
          max: 1000,
        },
      ],
      state: { type: 'file', path: state },
      ...options.extra,
    },
    {},
  );
}
