/**
 * Ephemeral workers as EC2 instances: one instance per job, launched by an instant
 * CreateFleet from the pool's launch template and found again by its `ci-scaler:pool` tag.
 */
import { EC2Client, TerminateInstancesCommand } from '@aws-sdk/client-ec2';
import { SSMClient } from '@aws-sdk/client-ssm';
import { awsRequestHandler } from '../aws-request-handler.js';
import type { Ec2ProviderConfig } from '../../config/ec2-schema.js';
import type { EphemeralProvider, Machine, ProviderStatus } from '../provider.js';
import type { ProviderDeps } from '../registry.js';
import { CIRCUITS_MEMO_KEY, circuitList, parseCircuits } from './circuit-breaker.js';
import type { Ec2Context } from './context.js';
import { ec2Doctor } from './doctor.js';
import { hasCode, toProviderError } from './ec2-errors.js';
import { describeInstances, instanceById, poolFilter, workerInstances } from './instances.js';
import { checkLaunch, launchInstance } from './launch.js';
import { isListed, LISTED_STATES, toMachine } from './machine-state.js';
import {
  deleteRunnerConfig,
  deleteRunnerConfigs,
  listRunnerConfigs,
  parameterName,
  poolPath,
  staleParameters,
} from './runner-config.js';
import { subnetZones } from './subnet-zones.js';
import { TAG, tagValue } from './tags.js';

/** Clients to use instead of ones built from the config (tests, or a caller with its own credentials). */
export interface Ec2Clients {
  readonly ec2?: EC2Client;
  readonly ssm?: SSMClient;
}

export interface Ec2Provider extends EphemeralProvider {
  readonly type: 'ec2';
}

/** Clients use the default credential chain (env, shared config, instance or task role). */
export function createEc2Provider(
  config: Ec2ProviderConfig,
  deps: ProviderDeps,
  clients: Ec2Clients = {},
): Ec2Provider {
  const ec2 =
    clients.ec2 ??
    new EC2Client({
      region: config.region,
      ...(config.endpoint !== undefined && { endpoint: config.endpoint }),
      requestHandler: awsRequestHandler(config.requestTimeout),
    });
  const ssm =
    clients.ssm ??
    new SSMClient({
      region: config.region,
      ...(config.ssmEndpoint !== undefined && { endpoint: config.ssmEndpoint }),
      requestHandler: awsRequestHandler(config.requestTimeout),
    });
  const ctx: Ec2Context = { config, deps, ec2, ssm, subnets: subnetZones(ec2) };
  return {
    type: 'ec2',
    capacity: 'ephemeral',
    list: (pool) => listMachines(ctx, pool.name),
    launch: (spec) => launchInstance(ctx, spec),
    terminate: (pool, name) => terminateWorker(ctx, pool.name, name),
    checkLaunch: (spec) => checkLaunch(ctx, spec),
    housekeep: (pool, machines) => housekeep(ctx, pool.name, machines),
    findMachine: (pool, id) => findMachine(ctx, pool.name, id),
    status: () => status(ctx),
    doctor: (pool) => ec2Doctor(ctx, pool.name),
  };
}

async function listMachines(ctx: Ec2Context, pool: string): Promise<Machine[]> {
  const instances = await describeInstances(
    ctx,
    [poolFilter(pool), { Name: 'instance-state-name', Values: LISTED_STATES }],
    `listing instances of pool ${pool}`,
  );
  return instances.filter(isListed).map(toMachine);
}

/** Only within the pool's tag: another pool's instance of the same name is never found, so never touched. */
async function terminateWorker(ctx: Ec2Context, pool: string, name: string): Promise<void> {
  const ids = (await workerInstances(ctx, name, pool)).flatMap((i) =>
    i.InstanceId !== undefined ? [i.InstanceId] : [],
  );
  if (ids.length > 0) {
    try {
      await ctx.ec2.send(new TerminateInstancesCommand({ InstanceIds: ids }));
    } catch (error) {
      if (!hasCode(error, 'InvalidInstanceID.NotFound'))
        throw toProviderError(`terminating ${name} (${ids.join(', ')})`, error);
    }
    ctx.deps.logger.info('ec2: terminated instance', { pool, name, instanceIds: ids });
  }
  // A worker that never booted never read (and so never deleted) its config.
  await deleteRunnerConfig(ctx.ssm, parameterName(ctx.config.ssmPrefix, pool, name));
}

async function findMachine(ctx: Ec2Context, pool: string, id: string): Promise<Machine | undefined> {
  const instance = await instanceById(ctx, id);
  if (instance === undefined || tagValue(instance.Tags, TAG.pool) !== pool) return undefined;
  return toMachine(instance);
}

async function housekeep(ctx: Ec2Context, pool: string, machines: readonly Machine[]): Promise<void> {
  const stored = await listRunnerConfigs(ctx.ssm, poolPath(ctx.config.ssmPrefix, pool));
  const stale = staleParameters(stored, machines, ctx.deps.clock());
  if (stale.length === 0) return;
  await deleteRunnerConfigs(ctx.ssm, stale);
  ctx.deps.logger.info('ec2: deleted runner configs nobody will read', { pool, parameters: stale });
}

async function status(ctx: Ec2Context): Promise<ProviderStatus> {
  const circuits = parseCircuits(await ctx.deps.memo.get(CIRCUITS_MEMO_KEY));
  return { circuits: circuitList(circuits, ctx.deps.clock()) };
}
