import { ProviderError } from '../../core/errors.js';
import type { Registration } from '../source.js';
import type { Octokit } from './api.js';
import { githubError, statusOf } from './errors.js';
import type { Scope } from './scope.js';

export interface RunnerRecord extends Registration {
  readonly id: number;
}

export async function listRunners(octokit: Octokit, scope: Scope): Promise<RunnerRecord[]> {
  try {
    const runners =
      scope.kind === 'repo'
        ? await octokit.paginate('GET /repos/{owner}/{repo}/actions/runners', {
            owner: scope.owner,
            repo: scope.repo,
            per_page: 100,
          })
        : await octokit.paginate('GET /orgs/{org}/actions/runners', {
            org: scope.org,
            per_page: 100,
          });
    return runners.map((r) => ({ id: r.id, name: r.name, online: r.status === 'online', busy: r.busy }));
  } catch (err) {
    throw githubError('list self-hosted runners', err);
  }
}

/**
 * Deletes a registration. GitHub answers 422 while the runner runs a job: that is the
 * signal to abort the removal (ARCHITECTURE.md, safe removal order). A 404 is taken as
 * "already gone" only once a fresh listing no longer shows the runner: GitHub also answers
 * 404 for what a token may no longer see, and "absent" lets the machine be removed, which
 * would kill a job still running on it.
 */
export async function deleteRunner(
  octokit: Octokit,
  scope: Scope,
  id: number,
): Promise<'removed' | 'absent' | 'busy'> {
  try {
    if (scope.kind === 'repo')
      await octokit.request('DELETE /repos/{owner}/{repo}/actions/runners/{runner_id}', {
        owner: scope.owner,
        repo: scope.repo,
        runner_id: id,
      });
    else
      await octokit.request('DELETE /orgs/{org}/actions/runners/{runner_id}', {
        org: scope.org,
        runner_id: id,
      });
    return 'removed';
  } catch (err) {
    const status = statusOf(err);
    if (status === 422) return 'busy';
    if (status !== 404) throw githubError(`delete runner ${id}`, err);
    const listed = (await listRunners(octokit, scope)).find((r) => r.id === id);
    if (listed === undefined) return 'absent';
    throw new ProviderError(
      `delete runner ${id}: GitHub answered 404, yet still lists runner ${listed.name} (busy: ${listed.busy}); check the credentials' access: left in place`,
      { status: 502, retryable: true, cause: err },
    );
  }
}

/** The runner group id for an org-scope JIT config: a name is looked up (every page), a number used as is. */
export async function runnerGroupId(
  octokit: Octokit,
  scope: Scope,
  group: string | number | undefined,
): Promise<number> {
  if (group === undefined || scope.kind === 'repo') return typeof group === 'number' ? group : 1;
  if (typeof group === 'number') return group;
  let groups: { id: number; name: string }[];
  try {
    groups = await octokit.paginate('GET /orgs/{org}/actions/runner-groups', {
      org: scope.org,
      per_page: 100,
    });
  } catch (err) {
    throw githubError('list runner groups', err);
  }
  const found = groups.find((g) => g.name.toLowerCase() === group.toLowerCase());
  if (found !== undefined) return found.id;
  throw new ProviderError(
    `no runner group "${group}" in ${scope.org} (have: ${groups.map((g) => g.name).join(', ')})`,
    { status: 400 },
  );
}
