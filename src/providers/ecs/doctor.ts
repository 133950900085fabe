/** Checks for `ci-scaler doctor`: the cluster answers and is ACTIVE, every configured service is ACTIVE. */
import { DescribeClustersCommand, type ECSClient } from '@aws-sdk/client-ecs';
import type { EcsProviderConfig } from '../../config/ecs-schema.js';
import type { DoctorCheck } from '../../core/doctor.js';
import { ProviderError } from '../../core/errors.js';
import { ecsCall } from './ecs-errors.js';
import { failureText, lookupServices } from './service-lookup.js';

const IAM_FIX =
  'allow ecs:DescribeClusters, ecs:DescribeServices, ecs:ListTasks, ecs:DescribeTasks, ' +
  'ecs:GetTaskProtection, ecs:UpdateService, ecs:UpdateTaskProtection and ecs:StopTask (docs/providers/ecs.md)';

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isAccessDenied(error: unknown): boolean {
  return error instanceof ProviderError && error.status === 403;
}

export async function checkCluster(client: ECSClient, config: EcsProviderConfig): Promise<DoctorCheck> {
  const name = `ECS cluster ${config.cluster} is ACTIVE`;
  try {
    const answer = await ecsCall(`describing cluster ${config.cluster} in ${config.region}`, () =>
      client.send(new DescribeClustersCommand({ clusters: [config.cluster] })),
    );
    const cluster = answer.clusters?.[0];
    if (cluster === undefined) {
      const failure = answer.failures?.[0];
      const why = failure === undefined ? 'not described' : failureText(failure);
      return {
        name,
        ok: false,
        detail: `${config.cluster}: ${why}`,
        fix: 'check provider.cluster and provider.region',
      };
    }
    const detail = `${cluster.clusterArn ?? config.cluster}: ${cluster.status ?? 'UNKNOWN'}, ${cluster.activeServicesCount ?? 0} services, ${cluster.runningTasksCount ?? 0} running tasks`;
    if (cluster.status === 'ACTIVE') return { name, ok: true, detail };
    return { name, ok: false, detail, fix: 'use an ACTIVE cluster' };
  } catch (error) {
    const fix = isAccessDenied(error)
      ? IAM_FIX
      : 'check provider.region, provider.endpoint and the AWS credentials';
    return { name, ok: false, detail: messageOf(error), fix };
  }
}

export async function checkServices(client: ECSClient, config: EcsProviderConfig): Promise<DoctorCheck[]> {
  let lookups;
  try {
    lookups = await lookupServices(client, config.cluster, config.services);
  } catch (error) {
    const fix = isAccessDenied(error) ? IAM_FIX : 'check that the cluster exists and answers';
    return [{ name: 'ECS services can be described', ok: false, detail: messageOf(error), fix }];
  }
  return lookups.map((lookup): DoctorCheck => {
    const name = `ECS service ${lookup.config.name} (class ${lookup.config.class}) is ACTIVE`;
    if ('problem' in lookup) {
      return {
        name,
        ok: false,
        detail: lookup.problem.message,
        fix: `create the service in ${config.cluster}, or fix provider.services`,
      };
    }
    const s = lookup.service;
    return {
      name,
      ok: true,
      detail: `${s.serviceName}: desired ${s.desiredCount}, running ${s.runningCount}, pending ${s.pendingCount}`,
    };
  });
}

/** The provider's lines of `ci-scaler doctor`; reads only, changes nothing. */
export async function ecsDoctor(client: ECSClient, config: EcsProviderConfig): Promise<DoctorCheck[]> {
  const cluster = await checkCluster(client, config);
  if (!cluster.ok) return [cluster];
  return [cluster, ...(await checkServices(client, config))];
}
