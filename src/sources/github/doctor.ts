import { ProviderError, errorMessage } from '../../core/errors.js';
import type { DoctorCheck } from '../../core/doctor.js';
import type { Octokit } from './api.js';
import { githubError } from './errors.js';
import { listRunners } from './runners.js';
import type { Scope } from './scope.js';

const PERMISSION_FIX: Record<Scope['kind'], string> = {
  repo: 'give the token or App "Administration: read and write" on the repository (fine-grained PAT or GitHub App)',
  org: 'give the token or App "Self-hosted runners: read and write" on the organization',
};

/**
 * The fix for a failed probe: a permission is to blame only when GitHub refused (403) or
 * hid (404) the resource; a rejected credential, a rate limit or a GitHub that did not
 * answer each need something else.
 */
export function githubDoctorFix(err: unknown, permissionFix: string): string {
  const status = err instanceof ProviderError ? err.status : undefined;
  if (status === 401) return 'renew the token or the App private key: GitHub rejected the credentials';
  if (status === 403 || status === 404) return permissionFix;
  if (status === 429) return 'wait for the rate limit to reset (see the detail), then run doctor again';
  return 'check that this machine reaches the GitHub API (baseUrl, proxy, firewall) and www.githubstatus.com, then run doctor again';
}

async function check(name: string, fix: string, probe: () => Promise<string>): Promise<DoctorCheck> {
  try {
    return { name, ok: true, detail: await probe() };
  } catch (err) {
    return { name, ok: false, detail: errorMessage(err), fix: githubDoctorFix(err, fix) };
  }
}

/**
 * Read-only probes of what the pool needs: listing runners needs the same permission as
 * creating JIT configs and deleting runners (Administration / Self-hosted runners), and
 * listing runs needs Actions: read. The workflow's GITHUB_TOKEN can never manage runners.
 */
export async function githubDoctor(
  octokit: Octokit,
  scope: Scope,
  owner: string,
  repos: () => Promise<string[]>,
): Promise<DoctorCheck[]> {
  const runners = await check('GitHub: manage self-hosted runners', PERMISSION_FIX[scope.kind], async () => {
    const list = await listRunners(octokit, scope);
    return `can list runners (${list.length} registered)`;
  });
  const runs = await check(
    'GitHub: read workflow runs and jobs',
    'give the token or App "Actions: read" on the repositories',
    async () => {
      const names = await repos();
      const first = names[0];
      if (first === undefined) return 'no repositories in scope';
      try {
        await octokit.request('GET /repos/{owner}/{repo}/actions/runs', { owner, repo: first, per_page: 1 });
      } catch (err) {
        throw githubError(`list runs of ${owner}/${first}`, err);
      }
      return `can list runs (${names.length} repositories in scope)`;
    },
  );
  return [runners, runs];
}
