import type { components } from '@octokit/openapi-types';
import { checkOrg, repoOf, type ApiContext } from './api-context.js';
import { notFound } from './fake-error.js';
import { listing, paginate } from './pagination.js';
import { restRepository, simpleUser } from './repository-shapes.js';
import { iso, repoIdentity } from './rest-shapes.js';
import { bindRoute, type ApiResponse, type Route, type RouteRequest } from './route.js';

type Schemas = components['schemas'];

const PERMISSIONS: Schemas['app-permissions'] = {
  actions: 'read',
  administration: 'write',
  organization_self_hosted_runners: 'write',
  metadata: 'read',
};

function installationBody(ctx: ApiContext, id: number, appId: number): Schemas['installation'] {
  const base = ctx.shapes.baseUrl;
  return {
    id,
    account: simpleUser(ctx.shapes),
    repository_selection: 'all',
    access_tokens_url: `${base}/app/installations/${id}/access_tokens`,
    repositories_url: `${base}/installation/repositories`,
    html_url: `https://github.com/organizations/${ctx.owner}/settings/installations/${id}`,
    app_id: appId,
    app_slug: 'ci-scaler-fake',
    target_id: ctx.shapes.ownerId,
    target_type: 'Organization',
    permissions: PERMISSIONS,
    events: ['workflow_job'],
    created_at: iso(0),
    updated_at: iso(0),
    single_file_name: null,
    suspended_by: null,
    suspended_at: null,
  };
}

function repositories(ctx: ApiContext): Schemas['repository'][] {
  return ctx.repos.map((name) => restRepository(repoIdentity(ctx.shapes, name)));
}

function installation(ctx: ApiContext): Schemas['installation'] {
  if (ctx.app === undefined) throw notFound();
  return installationBody(ctx, ctx.app.installationId, Number(ctx.app.appId));
}

function createInstallationToken(ctx: ApiContext, { params }: RouteRequest): ApiResponse {
  if (ctx.app === undefined || params['installation_id'] !== String(ctx.app.installationId)) throw notFound();
  const { token, expiresAt } = ctx.auth.issueInstallationToken(ctx.app.installationId);
  const body: Schemas['installation-token'] = {
    token,
    expires_at: iso(expiresAt),
    permissions: PERMISSIONS,
    repository_selection: 'all',
  };
  return { status: 201, body };
}

function repoInstallation(ctx: ApiContext, { params }: RouteRequest): ApiResponse {
  repoOf(ctx, params);
  return { status: 200, body: installation(ctx) };
}

function orgInstallation(ctx: ApiContext, { params }: RouteRequest): ApiResponse {
  checkOrg(ctx, params);
  return { status: 200, body: installation(ctx) };
}

function installationRepositories(ctx: ApiContext, { url }: RouteRequest): ApiResponse {
  const page = listing('repositories', repositories(ctx), url);
  return { ...page, body: { ...page.body, repository_selection: 'all' } };
}

/** The organisation's repositories: a bare array, unlike the installation's listing. */
function orgRepositories(ctx: ApiContext, { params, url }: RouteRequest): ApiResponse {
  checkOrg(ctx, params);
  const page = paginate(repositories(ctx), url);
  return { status: 200, body: page.items, headers: page.link === undefined ? {} : { link: page.link } };
}

/** The GitHub App flow: installation lookup, token exchange, and the repositories it reaches. */
export function appRoutes(ctx: ApiContext): Route[] {
  return [
    bindRoute(
      ctx,
      { method: 'POST', pattern: '/app/installations/{installation_id}/access_tokens', auth: 'app' },
      createInstallationToken,
    ),
    bindRoute(
      ctx,
      { method: 'GET', pattern: '/repos/{owner}/{repo}/installation', auth: 'app' },
      repoInstallation,
    ),
    bindRoute(ctx, { method: 'GET', pattern: '/orgs/{org}/installation', auth: 'app' }, orgInstallation),
    bindRoute(
      ctx,
      { method: 'GET', pattern: '/installation/repositories', auth: 'installation' },
      installationRepositories,
    ),
    bindRoute(ctx, { method: 'GET', pattern: '/orgs/{org}/repos', auth: 'token' }, orgRepositories),
  ];
}
