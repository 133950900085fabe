/** `source:` — where demand comes from (GitHub Actions jobs, Terraform Cloud runs). */
import * as z from 'zod';
import { asNumber, asString, withChecks, type Fields, type Report } from './cross-checks.js';
import { httpUrl, nonEmptyString, secret, unknownTypeError } from './fields.js';

const owner = z.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/, {
  error: 'must be a GitHub user or organization name (letters, digits and "-", at most 39)',
});
const repoName = z.string().regex(/^[A-Za-z0-9._-]{1,100}$/, {
  error: 'must be a repository name without the owner (letters, digits, ".", "_" and "-")',
});

const githubObject = z.strictObject({
  type: z.literal('github').describe('GitHub Actions: jobs of one repository or of an organization.'),
  owner: owner.describe('User or organization that owns the repositories.'),
  repo: repoName
    .optional()
    .describe('One repository (runners registered at repository level). Omit for organization runners.'),
  repositories: z
    .array(repoName)
    .min(1)
    .optional()
    .describe('Organization runners: only jobs of these repositories count. Not together with repo.'),
  labels: z
    .array(nonEmptyString)
    .min(1)
    .describe(
      'Labels of the runners this pool starts; a job counts when its runs-on labels are all among them.',
    ),
  runnerGroup: z
    .union([nonEmptyString, z.int().min(1)])
    .optional()
    .describe('Runner group (name or id) new organization runners join.'),
  baseUrl: httpUrl
    .optional()
    .describe(
      'API URL of GitHub Enterprise Server, e.g. https://github.example.com/api/v3. Default: github.com.',
    ),
  token: secret('Token with permission to manage self-hosted runners.').optional(),
  appId: z
    .union([z.int().min(1).transform(String), nonEmptyString])
    .optional()
    .describe('GitHub App id (or client id) to authenticate as, instead of a token.'),
  privateKey: secret('PEM private key of the GitHub App.').optional(),
  installationId: z
    .union([z.int().min(1), z.string().regex(/^\d+$/, { error: 'must be a number' }).transform(Number)])
    .optional()
    .describe('Installation of the GitHub App; looked up from owner when omitted.'),
});

function checkGithub(fields: Fields, report: Report): void {
  if (fields.get('repo') !== undefined && fields.get('repositories') !== undefined) {
    report(
      ['repositories'],
      'cannot be used together with repo (repo: one repository; repositories: a filter)',
    );
  }
  const appId = asString(fields.get('appId'));
  const privateKey = asString(fields.get('privateKey'));
  if (appId !== undefined && !fields.given('privateKey'))
    report(['privateKey'], 'required when appId is set');
  if (privateKey !== undefined && !fields.given('appId'))
    report(['appId'], 'required when privateKey is set');
  if (asNumber(fields.get('installationId')) !== undefined && !fields.given('appId')) {
    report(['installationId'], 'only used with appId');
  }
  if (asString(fields.get('token')) !== undefined && appId !== undefined) {
    report(['token'], 'use either token or appId with privateKey, not both');
  }
}

export const githubSourceSchema = withChecks(githubObject, checkGithub);

export const tfcSourceSchema = z.strictObject({
  type: z.literal('tfc').describe('Terraform Cloud or Terraform Enterprise: runs waiting for an agent pool.'),
  address: httpUrl
    .default('https://app.terraform.io')
    .describe('Address of Terraform Cloud or of your Terraform Enterprise installation.'),
  organization: nonEmptyString.describe('Organization that owns the agent pool.'),
  agentPool: nonEmptyString.describe('Agent pool (name or apool-... id) whose runs this pool serves.'),
  token: secret('Team or organization token that can read runs and manage the agent pool.'),
});

export const sourceSchema = z
  .discriminatedUnion('type', [githubSourceSchema, tfcSourceSchema], { error: unknownTypeError('source') })
  .describe('Where demand comes from: github or tfc.');

export type SourceConfig = z.output<typeof sourceSchema>;
export type GithubSourceConfig = z.output<typeof githubSourceSchema>;
export type TfcSourceConfig = z.output<typeof tfcSourceSchema>;
