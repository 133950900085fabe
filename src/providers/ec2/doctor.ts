/**
 * Checks for `ci-scaler doctor`, none of which changes anything: the launch template is
 * there and ends its instances on shutdown, its user data is a ci-scaler bootstrap, the
 * subnets exist, CreateFleet is permitted (DryRun), and the SSM path can be read.
 */
import {
  CreateFleetCommand,
  DescribeLaunchTemplatesCommand,
  DescribeLaunchTemplateVersionsCommand,
  type ResponseLaunchTemplateData,
} from '@aws-sdk/client-ec2';
import { GetParametersByPathCommand } from '@aws-sdk/client-ssm';
import type { DoctorCheck } from '../../core/doctor.js';
import type { Ec2Context } from './context.js';
import { hardLifetimeMinutes } from './bootstrap.js';
import { hasCode, toProviderError } from './ec2-errors.js';
import { fleetInput, launchTemplateSpec, slots } from './fleet-request.js';
import { launchShape } from './instance-selection.js';
import { poolPath } from './runner-config.js';
import { TAG, instanceTags, volumeTags } from './tags.js';

/** Tag keys that instance metadata can serve (work-with-tags-in-IMDS in the EC2 user guide). */
const IMDS_TAG_KEY = /^[A-Za-z0-9+\-=.,_:@]+$/;

function failed(name: string, error: unknown, fix: string): DoctorCheck {
  return { name, ok: false, detail: error instanceof Error ? error.message : String(error), fix };
}

export async function ec2Doctor(ctx: Ec2Context, pool: string): Promise<DoctorCheck[]> {
  return [
    ...(await templateChecks(ctx)),
    ...(ctx.config.subnets !== undefined ? [await subnetCheck(ctx, ctx.config.subnets)] : []),
    await dryRunCheck(ctx, pool),
    await parameterCheck(ctx, pool),
  ];
}

async function templateChecks(ctx: Ec2Context): Promise<DoctorCheck[]> {
  const name = 'EC2 launch template found';
  const { launchTemplate, launchTemplateVersion } = ctx.config;
  const spec = launchTemplateSpec(ctx.config);
  const byId = spec.LaunchTemplateId !== undefined;
  let data: ResponseLaunchTemplateData | undefined;
  try {
    await ctx.ec2.send(
      new DescribeLaunchTemplatesCommand(
        byId ? { LaunchTemplateIds: [launchTemplate] } : { LaunchTemplateNames: [launchTemplate] },
      ),
    );
    const versions = await ctx.ec2.send(
      new DescribeLaunchTemplateVersionsCommand({ ...spec, Versions: [launchTemplateVersion] }),
    );
    data = versions.LaunchTemplateVersions?.[0]?.LaunchTemplateData;
  } catch (error) {
    return [
      failed(
        name,
        toProviderError(`describing launch template ${launchTemplate}`, error),
        'create the launch template, or fix provider.launchTemplate and provider.launchTemplateVersion',
      ),
    ];
  }
  if (data === undefined) {
    return [
      {
        name,
        ok: false,
        detail: `${launchTemplate} has no version ${launchTemplateVersion}`,
        fix: 'fix provider.launchTemplateVersion',
      },
    ];
  }
  const script = userDataScript(data);
  return [
    { name, ok: true, detail: `${launchTemplate} version ${launchTemplateVersion}` },
    shutdownCheck(data),
    metadataCheck(ctx, data),
    userDataCheck(script),
    ...lifetimeCheck(ctx.config.hardLifetime, script),
  ];
}

/**
 * The instance's lifetime is the `shutdown -h +N` of the template's user data, written
 * when the template was made: a `hardLifetime` changed since then does not reach it, and a
 * job running past the template's shorter one is killed. Only the bootstrap's own line is
 * read; a script without one is the user's to judge.
 */
function lifetimeCheck(hardLifetimeMs: number, script: string): DoctorCheck[] {
  const found = /^\s*shutdown -h \+(\d+)\b/m.exec(script)?.[1];
  if (found === undefined) return [];
  const name = 'user data lifetime matches hardLifetime';
  const wanted = hardLifetimeMinutes(hardLifetimeMs);
  if (Number(found) === wanted)
    return [{ name, ok: true, detail: `instances shut down after ${wanted} minutes` }];
  return [
    {
      name,
      ok: false,
      detail: `the user data shuts instances down after ${found} minutes, hardLifetime says ${wanted}: jobs running longer than ${found} minutes are cut off`,
      fix: 'put the bootstrap script for this hardLifetime (docs/providers/ec2.md) in a new launch template version',
    },
  ];
}

function shutdownCheck(data: ResponseLaunchTemplateData): DoctorCheck {
  const name = 'instances terminate on shutdown';
  const behaviour = data.InstanceInitiatedShutdownBehavior ?? 'stop (the default)';
  return behaviour === 'terminate'
    ? { name, ok: true, detail: 'InstanceInitiatedShutdownBehavior: terminate' }
    : {
        name,
        ok: false,
        detail: `InstanceInitiatedShutdownBehavior is ${behaviour}: a finished or expired instance would stay (stopped) and keep its volumes`,
        fix: 'set InstanceInitiatedShutdownBehavior to terminate in a new launch template version',
      };
}

function metadataCheck(ctx: Ec2Context, data: ResponseLaunchTemplateData): DoctorCheck {
  const name = 'instance tags in metadata';
  if (data.MetadataOptions?.InstanceMetadataTags !== 'enabled') {
    return {
      name,
      ok: true,
      detail: 'not allowed: the bootstrap reads its tag through ec2:DescribeTags instead',
    };
  }
  const bad = Object.keys(ctx.config.tags).filter((key) => !IMDS_TAG_KEY.test(key));
  return bad.length === 0
    ? {
        name,
        ok: true,
        detail: 'allowed: the bootstrap reads its config parameter name from instance metadata',
      }
    : {
        name,
        ok: false,
        detail: `tag keys ${bad.join(', ')} cannot be served by instance metadata, so launches would fail`,
        fix: 'use tag keys of letters, digits and + - = . , _ : @ only, or disallow tags in metadata',
      };
}

/** The template's user data as text (the API gives it base64-encoded); empty when it has none. */
function userDataScript(data: ResponseLaunchTemplateData): string {
  return data.UserData !== undefined ? Buffer.from(data.UserData, 'base64').toString('utf8') : '';
}

function userDataCheck(script: string): DoctorCheck {
  const name = 'user data bootstraps ci-scaler';
  return script.includes(TAG.configParameter)
    ? { name, ok: true, detail: `the user data reads the ${TAG.configParameter} tag` }
    : {
        name,
        ok: false,
        detail: `the user data never mentions ${TAG.configParameter}: instances would not find their runner config`,
        fix: 'use the bootstrap script from docs/providers/ec2.md as the launch template user data',
      };
}

async function subnetCheck(ctx: Ec2Context, ids: readonly string[]): Promise<DoctorCheck> {
  const name = 'subnets found';
  try {
    const subnets = await ctx.subnets(ids);
    return { name, ok: true, detail: subnets.map((s) => `${s.id} (${s.zone})`).join(', ') };
  } catch (error) {
    return failed(name, error, 'fix provider.subnets');
  }
}

/** CreateFleet with DryRun answers DryRunOperation when the call would be permitted. */
async function dryRunCheck(ctx: Ec2Context, pool: string): Promise<DoctorCheck> {
  const name = 'CreateFleet permitted (dry run)';
  const worker = `${pool}-doctor-0`;
  const capacity = ctx.config.spot === 'never' ? 'on-demand' : 'spot';
  const shape = launchShape(ctx.config, []);
  try {
    const subnets = ctx.config.subnets !== undefined ? await ctx.subnets(ctx.config.subnets) : undefined;
    const tagInput = {
      pool,
      name: worker,
      configParameter: `${poolPath(ctx.config.ssmPrefix, pool)}/${worker}`,
      extra: ctx.config.tags,
    };
    const input = fleetInput({
      config: ctx.config,
      name: worker,
      capacity,
      slots: shape.ok ? slots(shape.shape, subnets, capacity) : [],
      prioritized: (ctx.config.instanceTypes ?? []).length > 0,
      instanceTags: instanceTags(tagInput),
      volumeTags: volumeTags(tagInput),
      dryRun: true,
    });
    await ctx.ec2.send(new CreateFleetCommand(input));
    return { name, ok: true, detail: 'the dry run was accepted' };
  } catch (error) {
    if (hasCode(error, 'DryRunOperation'))
      return { name, ok: true, detail: `a ${capacity} launch would be permitted` };
    return failed(
      name,
      toProviderError('CreateFleet (dry run)', error),
      'grant ec2:CreateFleet, ec2:RunInstances, ec2:CreateTags and iam:PassRole for the instance profile (docs/providers/ec2.md)',
    );
  }
}

async function parameterCheck(ctx: Ec2Context, pool: string): Promise<DoctorCheck> {
  const name = 'SSM runner config path readable';
  const path = poolPath(ctx.config.ssmPrefix, pool);
  try {
    await ctx.ssm.send(new GetParametersByPathCommand({ Path: path, MaxResults: 1, WithDecryption: false }));
    return { name, ok: true, detail: path };
  } catch (error) {
    return failed(
      name,
      toProviderError(`reading ${path}`, error),
      `grant ssm:GetParametersByPath, ssm:PutParameter and ssm:DeleteParameter(s) on ${path}/*`,
    );
  }
}
