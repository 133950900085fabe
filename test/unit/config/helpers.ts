/** Shared builders for config tests: a minimal valid document and ConfigError capture. */
import { ConfigError } from '../../../src/core/errors.js';
import type { Env } from '../../../src/config/index.js';
import { validateConfig } from '../../../src/config/index.js';

export const GITHUB_SOURCE = { type: 'github', owner: 'acme', repo: 'app', labels: ['self-hosted', 'linux'] };
export const DOCKER_PROVIDER = { type: 'docker', image: 'ghcr.io/actions/actions-runner:latest' };

/** A minimal valid pool, with `overrides` merged over it. */
export function pool(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: 'linux', source: GITHUB_SOURCE, provider: DOCKER_PROVIDER, ...overrides };
}

export function doc(...pools: Record<string, unknown>[]): Record<string, unknown> {
  return { pools: pools.length > 0 ? pools : [pool()] };
}

/** The `path: message` lines of the ConfigError `run` throws; fails when it throws anything else. */
export function problemLines(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) {
      return error.problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message));
    }
    throw error;
  }
  throw new Error('expected a ConfigError, but the config was accepted');
}

export async function problemLinesAsync(run: () => Promise<unknown>): Promise<string[]> {
  try {
    await run();
  } catch (error) {
    if (error instanceof ConfigError) {
      return error.problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message));
    }
    throw error;
  }
  throw new Error('expected a ConfigError, but the config was accepted');
}

/** Problems of validating `document` as a parsed config. */
export function problemsOfDoc(document: unknown, env: Env = {}): string[] {
  return problemLines(() => validateConfig(document, env));
}
