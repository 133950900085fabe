/**
 * How a worker's runner env (its one-job JIT config, a secret) reaches the instance: one
 * SecureString SSM parameter per worker at `<ssmPrefix>/<pool>/<worker>`. Only the
 * parameter's name travels on the instance (tag `ci-scaler:config-parameter`); the
 * bootstrap reads it, deletes it and starts the runner. `housekeep` sweeps what is left.
 */
import {
  DeleteParameterCommand,
  DeleteParametersCommand,
  ParameterAlreadyExists,
  ParameterNotFound,
  PutParameterCommand,
  paginateGetParametersByPath,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import { ProviderError } from '../../core/errors.js';
import type { Machine } from '../provider.js';
import { toProviderError } from './ec2-errors.js';
import { parameterTags } from './tags.js';

/** Advanced parameters hold 8 KB; Intelligent-Tiering picks Advanced only for values above 4 KB. */
const MAX_VALUE_BYTES = 8192;
/** DeleteParameters takes at most 10 names per call. */
const DELETE_BATCH = 10;
/** A parameter younger than this may belong to a launch still in flight: never swept. */
export const LAUNCH_GRACE_MS = 5 * 60_000;
/** A worker running this long has booted and read (and deleted) its config, or never will. */
export const BOOTED_AFTER_MS = 10 * 60_000;

/** The bootstrap exports every key as a shell variable. */
const ENV_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function poolPath(prefix: string, pool: string): string {
  return `${prefix}/${pool}`;
}

export function parameterName(prefix: string, pool: string, name: string): string {
  return `${poolPath(prefix, pool)}/${name}`;
}

export interface RunnerConfig {
  readonly parameter: string;
  readonly pool: string;
  readonly name: string;
  readonly env: Readonly<Record<string, string>>;
}

/**
 * Stores the env, refusing to overwrite: a parameter already there means a launch of this
 * worker is in flight or was left behind (housekeep removes it), so this one must not go on.
 */
export async function putRunnerConfig(ssm: SSMClient, config: RunnerConfig): Promise<void> {
  const bad = Object.keys(config.env).find((key) => !ENV_KEY.test(key));
  if (bad !== undefined) {
    throw new ProviderError(`ec2: env key ${JSON.stringify(bad)} is not a shell variable name`, {
      status: 400,
    });
  }
  const value = JSON.stringify(config.env);
  const bytes = Buffer.byteLength(value);
  if (bytes > MAX_VALUE_BYTES) {
    throw new ProviderError(
      `ec2: the runner env is ${bytes} bytes; an SSM parameter holds ${MAX_VALUE_BYTES}`,
      {
        status: 400,
      },
    );
  }
  try {
    await ssm.send(
      new PutParameterCommand({
        Name: config.parameter,
        Description: `ci-scaler runner config of worker ${config.name}; the instance deletes it once read`,
        Value: value,
        Type: 'SecureString',
        Overwrite: false,
        Tier: 'Intelligent-Tiering',
        Tags: parameterTags(config.pool, config.name),
      }),
    );
  } catch (error) {
    if (error instanceof ParameterAlreadyExists) {
      throw new ProviderError(
        `ec2: runner config ${config.parameter} already exists: worker ${config.name} is taken`,
        {
          alreadyExists: true,
          status: 409,
          cause: error,
        },
      );
    }
    throw toProviderError(`storing runner config ${config.parameter}`, error, Object.values(config.env));
  }
}

/** Absent is fine: the bootstrap deletes its parameter as soon as it has read it. */
export async function deleteRunnerConfig(ssm: SSMClient, parameter: string): Promise<void> {
  try {
    await ssm.send(new DeleteParameterCommand({ Name: parameter }));
  } catch (error) {
    if (error instanceof ParameterNotFound) return;
    throw toProviderError(`deleting runner config ${parameter}`, error);
  }
}

export interface StoredParameter {
  readonly name: string;
  readonly worker: string;
  readonly lastModified: number;
}

/** The pool's runner-config parameters, without their values (never decrypted here). */
export async function listRunnerConfigs(ssm: SSMClient, path: string): Promise<StoredParameter[]> {
  const found: StoredParameter[] = [];
  try {
    for await (const page of paginateGetParametersByPath(
      { client: ssm, pageSize: 10 },
      { Path: path, Recursive: false, WithDecryption: false },
    )) {
      for (const p of page.Parameters ?? []) {
        if (p.Name === undefined) continue;
        found.push({
          name: p.Name,
          worker: p.Name.slice(path.length + 1),
          lastModified: p.LastModifiedDate?.getTime() ?? 0,
        });
      }
    }
  } catch (error) {
    throw toProviderError(`listing runner configs under ${path}`, error);
  }
  return found;
}

/**
 * The parameters no instance will read any more: the worker has exited, has been running for
 * `BOOTED_AFTER_MS`, or is not listed and the parameter is older than `LAUNCH_GRACE_MS` (a
 * launch in flight stores the parameter before its instance can be listed). A starting
 * worker's parameter is never stale. Pure.
 */
export function staleParameters(
  parameters: readonly StoredParameter[],
  machines: readonly Machine[],
  now: number,
): string[] {
  const byName = new Map(machines.map((m) => [m.name, m]));
  return parameters
    .filter((p) => {
      const machine = byName.get(p.worker);
      if (machine === undefined) return now - p.lastModified >= LAUNCH_GRACE_MS;
      if (machine.state === 'exited') return true;
      return machine.state === 'running' && now - machine.createdAt >= BOOTED_AFTER_MS;
    })
    .map((p) => p.name);
}

export async function deleteRunnerConfigs(ssm: SSMClient, names: readonly string[]): Promise<void> {
  for (let i = 0; i < names.length; i += DELETE_BATCH) {
    const batch = names.slice(i, i + DELETE_BATCH);
    try {
      // Names already gone come back as InvalidParameters, which is what we want.
      await ssm.send(new DeleteParametersCommand({ Names: batch }));
    } catch (error) {
      throw toProviderError(`deleting runner configs ${batch.join(', ')}`, error);
    }
  }
}
