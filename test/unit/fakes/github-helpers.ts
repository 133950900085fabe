/** Shared set-up for the FakeGitHub tests: a started fake and the real client on it. */
import { getOctokit } from '@actions/github';
import { afterEach, beforeEach } from 'vitest';
import { FakeGitHub, type FakeGitHubOptions } from '../../fakes/github/index.js';

export const OWNER = 'acme';
export const TOKEN = 'ghp_test';

export type Client = ReturnType<typeof getOctokit>;

/** A fresh fake per test, stopped after it; `setup().gh` is valid inside a test. */
export function useFakeGitHub(options: Partial<FakeGitHubOptions> = {}): { gh: FakeGitHub; octokit: Client } {
  const context = {} as { gh: FakeGitHub; octokit: Client };
  beforeEach(async () => {
    context.gh = new FakeGitHub({ tokens: [TOKEN], owner: OWNER, repos: ['app', 'web'], ...options });
    await context.gh.start();
    context.octokit = getOctokit(TOKEN, { baseUrl: context.gh.url });
  });
  afterEach(async () => {
    await context.gh.stop();
  });
  return context;
}

export interface HttpFailure {
  readonly status: number;
  readonly message: string;
  readonly headers: Record<string, unknown>;
}

interface OctokitErrorLike {
  status?: unknown;
  response?: { data?: unknown; headers?: Record<string, unknown> };
}

/** The status, GitHub message and headers of a request octokit rejected. */
export async function failure(call: Promise<unknown>): Promise<HttpFailure> {
  try {
    await call;
  } catch (error) {
    const e = error as OctokitErrorLike;
    const data = e.response?.data;
    const message =
      typeof data === 'object' && data !== null && 'message' in data && typeof data.message === 'string'
        ? data.message
        : '';
    return { status: Number(e.status), message, headers: e.response?.headers ?? {} };
  }
  throw new Error('expected the request to fail');
}

export async function jitRunner(
  octokit: Client,
  name: string,
  labels: string[] = ['self-hosted', 'linux'],
): Promise<{ id: number; encoded: string }> {
  const { data } = await octokit.rest.actions.generateRunnerJitconfigForRepo({
    owner: OWNER,
    repo: 'app',
    name,
    runner_group_id: 1,
    labels,
  });
  return { id: data.runner.id, encoded: data.encoded_jit_config };
}
