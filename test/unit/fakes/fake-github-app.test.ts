import { generateKeyPairSync } from 'node:crypto';
import { GitHub } from '@actions/github/lib/utils';
import { createAppAuth } from '@octokit/auth-app';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { describe, expect, it } from 'vitest';
import { failure, OWNER, useFakeGitHub } from './github-helpers.js';

function keyPair(): { privateKey: string; publicKey: string } {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
}

const APP_KEY = keyPair();
const ScalerOctokit = GitHub.plugin(throttling, retry);

function appClient(baseUrl: string, privateKey: string, installationId?: number) {
  return new ScalerOctokit({
    baseUrl,
    authStrategy: createAppAuth,
    auth: { appId: '123', privateKey, ...(installationId !== undefined && { installationId }) },
    throttle: { onRateLimit: () => false, onSecondaryRateLimit: () => false },
    retry: { doNotRetry: [400, 401, 403, 404, 409, 422] },
  });
}

describe('FakeGitHub as a GitHub App', () => {
  const t = useFakeGitHub({ app: { appId: '123', installationId: 42, publicKeyPem: APP_KEY.publicKey } });

  it('finds the installation with the App JWT', async () => {
    const app = appClient(t.gh.url, APP_KEY.privateKey);
    const org = await app.rest.apps.getOrgInstallation({ org: OWNER });
    const repo = await app.rest.apps.getRepoInstallation({ owner: OWNER, repo: 'web' });
    expect(org.data.id).toBe(42);
    expect(repo.data).toMatchObject({ id: 42, account: { login: OWNER } });
  });

  it('exchanges the JWT for an installation token that reads the API', async () => {
    const installation = appClient(t.gh.url, APP_KEY.privateKey, 42);
    const repos = await installation.paginate(installation.rest.apps.listReposAccessibleToInstallation, {
      per_page: 1,
    });
    expect(repos.map((r) => r.full_name)).toEqual(['acme/app', 'acme/web']);
    const runners = await installation.rest.actions.listSelfHostedRunnersForOrg({ org: OWNER });
    expect(runners.data.total_count).toBe(0);
    const tokenCalls = t.gh.requests.filter((r) => r.path === '/app/installations/42/access_tokens');
    expect(tokenCalls.map((r) => r.status)).toEqual([201]);

    t.gh.missingPermission('administration');
    const refused = await failure(installation.rest.actions.listSelfHostedRunnersForOrg({ org: OWNER }));
    expect(refused).toMatchObject({ status: 403, message: 'Resource not accessible by integration' });
  });

  it('refuses a JWT signed by another key', async () => {
    const impostor = appClient(t.gh.url, keyPair().privateKey, 42);
    const refused = await failure(impostor.rest.actions.listSelfHostedRunnersForOrg({ org: OWNER }));
    expect(refused.status).toBe(401);
    expect(t.gh.requests.map((r) => [r.path, r.status])).toEqual([
      ['/app/installations/42/access_tokens', 401],
    ]);
  });

  it('refuses a personal access token on App endpoints', async () => {
    expect((await failure(t.octokit.rest.apps.getOrgInstallation({ org: OWNER }))).status).toBe(401);
    expect((await failure(t.octokit.rest.apps.listReposAccessibleToInstallation())).status).toBe(403);
    const repos = await t.octokit.rest.repos.listForOrg({ org: OWNER });
    expect(repos.data.map((r) => r.name)).toEqual(['app', 'web']);
  });
});
