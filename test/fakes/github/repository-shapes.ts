import type { components } from '@octokit/openapi-types';
import type { Organization, Repository, User } from '@octokit/webhooks-types';
import { WORKFLOW_JOB_EXAMPLE } from './examples.js';

type RestRepository = components['schemas']['repository'];
type MinimalRepository = components['schemas']['minimal-repository'];
type SimpleUser = components['schemas']['simple-user'];

/** What tells one fake repository from another; every URL in its shapes derives from it. */
export interface RepoIdentity {
  /** The fake's own URL: API links point back at it, as GitHub Enterprise Server's do. */
  readonly baseUrl: string;
  readonly owner: string;
  readonly ownerId: number;
  readonly name: string;
  readonly id: number;
}

const EXAMPLE_REPO = WORKFLOW_JOB_EXAMPLE.repository;
const EXAMPLE_OWNER = EXAMPLE_REPO.owner.login;

/**
 * Rewrites the example's names and API host to ours in every URL at once, so links
 * nobody reads still agree with each other.
 */
function rebrand<T>(value: T, baseUrl: string, owner: string, fullName?: string): T {
  let text = JSON.stringify(value).replaceAll('https://api.github.com', baseUrl);
  if (fullName !== undefined) text = text.replaceAll(EXAMPLE_REPO.full_name, fullName);
  return JSON.parse(text.replaceAll(EXAMPLE_OWNER, owner)) as T;
}

function nodeId(prefix: string, id: number): string {
  return `${prefix}_${Buffer.from(`fake:${id}`).toString('base64url')}`;
}

export function webhookOwner(r: Pick<RepoIdentity, 'baseUrl' | 'owner' | 'ownerId'>): User {
  const user = rebrand(EXAMPLE_REPO.owner, r.baseUrl, r.owner);
  return { ...user, id: r.ownerId, node_id: nodeId('O', r.ownerId), type: 'Organization' };
}

export function webhookOrganization(r: Pick<RepoIdentity, 'baseUrl' | 'owner' | 'ownerId'>): Organization {
  const org = WORKFLOW_JOB_EXAMPLE.organization;
  if (org === undefined) throw new Error('the workflow_job example has no organization');
  return { ...rebrand(org, r.baseUrl, r.owner), id: r.ownerId, node_id: nodeId('O', r.ownerId) };
}

export function webhookRepository(r: RepoIdentity): Repository {
  const repo = rebrand(EXAMPLE_REPO, r.baseUrl, r.owner, `${r.owner}/${r.name}`);
  return { ...repo, id: r.id, node_id: nodeId('R', r.id), name: r.name, owner: webhookOwner(r) };
}

/** A copy without `keys`: webhook and REST types disagree on a few optional fields. */
function omit<T extends object, K extends keyof T>(value: T, keys: readonly K[]): Omit<T, K> {
  const drop = new Set<PropertyKey>(keys);
  return Object.fromEntries(Object.entries(value).filter(([key]) => !drop.has(key))) as Omit<T, K>;
}

export function simpleUser(r: Pick<RepoIdentity, 'baseUrl' | 'owner' | 'ownerId'>): SimpleUser {
  return omit(webhookOwner(r), ['name', 'email']);
}

export function restRepository(r: RepoIdentity): RestRepository {
  const repo = omit(webhookRepository(r), [
    'squash_merge_commit_title',
    'squash_merge_commit_message',
    'merge_commit_title',
    'merge_commit_message',
  ]);
  return {
    ...repo,
    owner: simpleUser(r),
    created_at: String(repo.created_at),
    pushed_at: repo.pushed_at === null ? null : String(repo.pushed_at),
    license: null,
    disabled: repo.disabled ?? false,
    visibility: repo.private ? 'private' : 'public',
    permissions: { admin: true, maintain: true, push: true, triage: true, pull: true },
  };
}

export function minimalRepository(r: RepoIdentity): MinimalRepository {
  return { ...restRepository(r), license: null };
}
