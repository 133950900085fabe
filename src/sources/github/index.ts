import type { GithubSourceConfig } from '../../config/source-schema.js';
import { clientKey } from '../client-key.js';
import type { SourceDeps, SourceModule } from '../registry.js';
import { createGithubApi, type GithubApi } from './api.js';
import { GithubSource } from './github-source.js';
import { scopeKey } from './scope.js';

export { parseWorkflowJobEvent, type WorkflowJobEvent } from './workflow-job-event.js';
export { JIT_ENV } from './github-source.js';

/** Pools of one scope and credentials share a client, so they share its ETag cache and rate limit. */
async function sharedApi(config: GithubSourceConfig, deps: SourceDeps): Promise<GithubApi> {
  const { token, appId, privateKey, installationId } = config;
  const key = clientKey(scopeKey(config), { token, appId, privateKey, installationId });
  let api = deps.shared.get(key) as Promise<GithubApi> | undefined;
  if (api === undefined) {
    api = createGithubApi(config, deps);
    deps.shared.set(key, api);
  }
  return api;
}

export const githubSourceModule: SourceModule<GithubSourceConfig> = {
  type: 'github',
  async create(config, deps) {
    return new GithubSource(config, await sharedApi(config, deps));
  },
};
