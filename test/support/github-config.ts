import type { GithubSourceConfig } from '../../src/config/source-schema.js';

/** The token the fake GitHub of these tests accepts. */
const FAKE_GITHUB_TOKEN = 'ghp_test';

/** A repo-scoped GitHub source for `acme/app` (labels self-hosted, linux) at `baseUrl`. */
export function githubSourceConfig(
  baseUrl: string,
  extra: Partial<GithubSourceConfig> = {},
): GithubSourceConfig {
  return {
    type: 'github',
    owner: 'acme',
    repo: 'app',
    labels: ['self-hosted', 'linux'],
    baseUrl,
    token: FAKE_GITHUB_TOKEN,
    ...extra,
  };
}
