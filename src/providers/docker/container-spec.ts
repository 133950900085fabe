/** What one worker or replica container looks like: labels, environment and limits. Pure. */
import type Dockerode from 'dockerode';
import type { DockerProviderConfig } from '../../config/docker-schema.js';
import type { LaunchSpec } from '../provider.js';

/** Labels by which ci-scaler finds its containers again; users may not set `ci-scaler.*`. */
export const LABEL = {
  pool: 'ci-scaler.pool',
  worker: 'ci-scaler.worker',
  job: 'ci-scaler.job',
  createdBy: 'ci-scaler.created-by',
  /** Replica mode: the service (the pool's one) the container is a replica of. */
  replica: 'ci-scaler.replica',
  /** Replica mode: when ci-scaler created it (ISO, ms), for a newest-first order Docker's seconds cannot give. */
  createdAt: 'ci-scaler.created-at',
} as const;

export const CREATED_BY = 'ci-scaler';

export type ContainerConfig = Pick<
  DockerProviderConfig,
  'image' | 'env' | 'cpus' | 'memory' | 'networkMode' | 'stopTimeout' | 'labels'
>;

/** What sets a replica container apart from an ephemeral worker. */
export interface ReplicaSpec {
  readonly service: string;
  /** Epoch ms from the provider's clock. */
  readonly createdAt: number;
}

/**
 * Long-lived agents come back by themselves when they exit or the engine restarts, as a
 * service scheduler would restart them; `docker stop` (what removal does first) ends that.
 * Ephemeral workers get none: their exit is the end of their one job.
 */
export const REPLICA_RESTART_POLICY = 'unless-stopped';

export function containerLabels(
  config: ContainerConfig,
  spec: LaunchSpec,
  replica?: ReplicaSpec,
): Record<string, string> {
  return {
    ...config.labels,
    [LABEL.pool]: spec.pool,
    [LABEL.worker]: spec.name,
    ...(spec.jobId !== undefined && { [LABEL.job]: spec.jobId }),
    ...(replica !== undefined && {
      [LABEL.replica]: replica.service,
      [LABEL.createdAt]: new Date(replica.createdAt).toISOString(),
    }),
    [LABEL.createdBy]: CREATED_BY,
  };
}

/** The launch's env wins over the config's: it carries the one-job runner config. */
export function containerEnv(config: ContainerConfig, spec: LaunchSpec): string[] {
  return Object.entries({ ...config.env, ...spec.env }).map(([key, value]) => `${key}=${value}`);
}

/** Whole seconds, rounded up, so a sub-second timeout never becomes "kill at once". */
export function stopSeconds(stopTimeoutMs: number): number {
  return Math.ceil(stopTimeoutMs / 1000);
}

export function containerCreateOptions(
  config: ContainerConfig,
  spec: LaunchSpec,
  replica?: ReplicaSpec,
): Dockerode.ContainerCreateOptions {
  const hostConfig: Dockerode.HostConfig = {
    ...(config.cpus !== undefined && { NanoCpus: Math.round(config.cpus * 1e9) }),
    ...(config.memory !== undefined && { Memory: config.memory }),
    ...(config.networkMode !== undefined && { NetworkMode: config.networkMode }),
    ...(replica !== undefined && { RestartPolicy: { Name: REPLICA_RESTART_POLICY } }),
  };
  return {
    name: spec.name,
    Image: config.image,
    Env: containerEnv(config, spec),
    Labels: containerLabels(config, spec, replica),
    // Also recorded on the container, so `docker stop` by an operator gives the same grace.
    StopTimeout: stopSeconds(config.stopTimeout),
    HostConfig: hostConfig,
  };
}
