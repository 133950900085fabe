/** The tags by which ci-scaler finds its instances and hands each its runner config. Pure. */
import type { Tag } from '@aws-sdk/client-ec2';

/** A tag as both the EC2 and the SSM API take it. */
export interface KeyValue {
  readonly Key: string;
  readonly Value: string;
}

/** Users may not set `ci-scaler:*` tags (the config schema refuses them). */
export const TAG = {
  pool: 'ci-scaler:pool',
  worker: 'ci-scaler:worker',
  job: 'ci-scaler:job',
  createdBy: 'ci-scaler:created-by',
  /** The SSM parameter that holds the worker's runner env; the bootstrap reads it. */
  configParameter: 'ci-scaler:config-parameter',
  /** Set by the bootstrap when the runner has exited, just before the instance shuts down. */
  exitCode: 'ci-scaler:exit-code',
} as const;

export const CREATED_BY = 'ci-scaler';

export interface WorkerTagInput {
  readonly pool: string;
  readonly name: string;
  readonly jobId?: string;
  readonly configParameter: string;
  readonly extra: Readonly<Record<string, string>>;
}

/** Config tags first, so ours (and `Name`) win over a user's tag of the same key. */
export function instanceTags(input: WorkerTagInput): KeyValue[] {
  return toTags({ ...input.extra, ...ownTags(input), [TAG.configParameter]: input.configParameter });
}

/** Volumes carry the same ownership tags, but not the parameter name. */
export function volumeTags(input: WorkerTagInput): KeyValue[] {
  return toTags({ ...input.extra, ...ownTags(input) });
}

/** The tags every SSM runner-config parameter carries. */
export function parameterTags(pool: string, name: string): KeyValue[] {
  return toTags({ [TAG.pool]: pool, [TAG.worker]: name, [TAG.createdBy]: CREATED_BY });
}

function ownTags(input: WorkerTagInput): Record<string, string> {
  return {
    Name: input.name,
    [TAG.pool]: input.pool,
    [TAG.worker]: input.name,
    ...(input.jobId !== undefined && { [TAG.job]: input.jobId }),
    [TAG.createdBy]: CREATED_BY,
  };
}

function toTags(record: Readonly<Record<string, string>>): KeyValue[] {
  return Object.entries(record).map(([Key, Value]) => ({ Key, Value }));
}

/** The value of tag `key`, or undefined. */
export function tagValue(tags: readonly Tag[] | undefined, key: string): string | undefined {
  return tags?.find((tag) => tag.Key === key)?.Value;
}
