import { InputError, type Problem } from '../../core/errors.js';

export const STATE_INPUTS = ['actions-cache', 'dynamodb', 'file'] as const;
export type StateInput = (typeof STATE_INPUTS)[number];

/** The action's inputs, read once and checked together. */
export interface ActionInputs {
  readonly config?: string;
  readonly configInline?: string;
  readonly githubToken?: string;
  readonly appId?: string;
  readonly appPrivateKey?: string;
  readonly appInstallationId?: string;
  readonly state?: StateInput;
  readonly pool?: string;
  readonly dryRun: boolean;
}

// YAML 1.2 core schema booleans, as `core.getBooleanInput` accepts them.
const TRUE = ['true', 'True', 'TRUE'];
const FALSE = ['false', 'False', 'FALSE'];

function strictBoolean(name: string, value: string, problems: Problem[]): boolean {
  if (value === '' || FALSE.includes(value)) return false;
  if (TRUE.includes(value)) return true;
  problems.push({
    path: `input ${name}`,
    message: `must be true or false (YAML 1.2: true | True | TRUE | false | False | FALSE), got "${value}"`,
  });
  return false;
}

function optional(value: string): string | undefined {
  return value === '' ? undefined : value;
}

/**
 * Reads and checks every input, reporting all problems at once. A typo is an error,
 * never a silent default (toolkit's getBooleanInput does the same).
 */
export function readInputs(getInput: (name: string) => string): ActionInputs {
  const problems: Problem[] = [];
  const get = (name: string) => optional(getInput(name).trim());
  const config = get('config');
  const configInline = optional(getInput('config-inline'));
  if (config !== undefined && configInline !== undefined) {
    problems.push({ path: 'input config', message: 'set either config or config-inline, not both' });
  }
  const githubToken = get('github-token');
  const appId = get('app-id');
  const appPrivateKey = optional(getInput('app-private-key'));
  const appInstallationId = get('app-installation-id');
  if ((appId === undefined) !== (appPrivateKey === undefined)) {
    problems.push({
      path: appId === undefined ? 'input app-id' : 'input app-private-key',
      message: 'app-id and app-private-key go together',
    });
  }
  if (githubToken !== undefined && appId !== undefined) {
    problems.push({
      path: 'input github-token',
      message: 'set either github-token or app-id with app-private-key, not both',
    });
  }
  if (appInstallationId !== undefined && !/^\d+$/.test(appInstallationId)) {
    problems.push({
      path: 'input app-installation-id',
      message: `must be a number, got "${appInstallationId}"`,
    });
  }
  const state = get('state');
  if (state !== undefined && !(STATE_INPUTS as readonly string[]).includes(state)) {
    problems.push({
      path: 'input state',
      message: `must be one of ${STATE_INPUTS.join(', ')}, got "${state}"`,
    });
  }
  const dryRun = strictBoolean('dry-run', getInput('dry-run').trim(), problems);
  if (problems.length > 0) throw new InputError('invalid action inputs', problems);
  const pool = get('pool');
  return {
    dryRun,
    ...(config !== undefined && { config }),
    ...(configInline !== undefined && { configInline }),
    ...(githubToken !== undefined && { githubToken }),
    ...(appId !== undefined && { appId }),
    ...(appPrivateKey !== undefined && { appPrivateKey }),
    ...(appInstallationId !== undefined && { appInstallationId }),
    ...(state !== undefined && { state: state as StateInput }),
    ...(pool !== undefined && { pool }),
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Input credentials replace a GitHub source's own: an input that is set wins over the key it names. */
function withCredentials(source: Record<string, unknown>, inputs: ActionInputs): Record<string, unknown> {
  if (source.type !== 'github') return source;
  const { token: _t, appId: _a, privateKey: _k, installationId: _i, ...rest } = source;
  if (inputs.githubToken !== undefined) return { ...rest, token: inputs.githubToken };
  if (inputs.appId !== undefined && inputs.appPrivateKey !== undefined) {
    return {
      ...rest,
      appId: inputs.appId,
      privateKey: inputs.appPrivateKey,
      ...(inputs.appInstallationId !== undefined && { installationId: inputs.appInstallationId }),
    };
  }
  // The App's credentials are the config's (from `${env:...}`): the installation input still wins.
  if (inputs.appInstallationId !== undefined && source.appId !== undefined)
    return { ...source, installationId: inputs.appInstallationId };
  return source;
}

/**
 * Applies the inputs to a parsed, not yet validated config document: credentials for
 * every GitHub source, and the state store (the input wins; with neither set, the
 * Actions cache, the one store every job has).
 */
export function applyInputs(document: unknown, inputs: ActionInputs): unknown {
  if (!isRecord(document)) return document;
  const pools = Array.isArray(document.pools)
    ? document.pools.map((p: unknown) =>
        isRecord(p) && isRecord(p.source) ? { ...p, source: withCredentials(p.source, inputs) } : p,
      )
    : document.pools;
  const configured = isRecord(document.state) ? document.state : undefined;
  let state: unknown = configured ?? { type: 'actions-cache' };
  if (inputs.state !== undefined && configured?.type !== inputs.state) state = { type: inputs.state };
  return { ...document, pools, state };
}
