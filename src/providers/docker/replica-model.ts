/**
 * Replica mode, the pure half: listed containers as a ReplicaService, the protection
 * record kept in the provider memo, and the order in which replicas are removed.
 */
import type Dockerode from 'dockerode';
import { ProviderError } from '../../core/errors.js';
import type { Replica, ReplicaService } from '../provider.js';
import { LABEL } from './container-spec.js';
import { containerName, machineState } from './machine-state.js';

/** The memo key of the protection record: `{ [container name]: ISO time until }`. */
export const PROTECTION_KEY = 'docker-protection';

/**
 * How long one setProtection call protects a replica. The engine renews protection that
 * has less than 10 minutes left on every reconcile while the agent stays busy, so this
 * only has to outlast reconciles that fail in a row (as ECS's `protection` default).
 */
export const PROTECTION_MS = 2 * 60 * 60_000;

export type ProtectionRecord = Readonly<Record<string, string>>;

/** Docker's container state as a replica state: anything exited is on its way out. */
export function replicaState(dockerState: string): Replica['state'] {
  const state = machineState(dockerState);
  return state === 'exited' ? 'stopping' : state;
}

/** The first address Docker gives the container; none with host (or no) networking. */
export function containerIp(info: Pick<Dockerode.ContainerInfo, 'NetworkSettings'>): string | undefined {
  const networks = Object.values(info.NetworkSettings?.Networks ?? {});
  return networks.map((n) => n.IPAddress).find((ip) => typeof ip === 'string' && ip !== '');
}

/** The provider's own creation time (ms) when the label has it, else Docker's (whole seconds). */
export function createdAtOf(info: Pick<Dockerode.ContainerInfo, 'Labels' | 'Created'>): number {
  const labelled = Date.parse(info.Labels[LABEL.createdAt] ?? '');
  return Number.isFinite(labelled) ? labelled : info.Created * 1000;
}

/**
 * The memo's value as a record. Absent is "nothing protected"; anything else that is not
 * `{ name: ISO time }` is refused, since reading it as empty would make busy agents removable.
 */
export function parseProtection(value: unknown): ProtectionRecord {
  if (value === undefined || value === null) return {};
  const malformed = (why: string) =>
    new ProviderError(`docker: the protection record (${PROTECTION_KEY}) is malformed: ${why}`, {
      status: 500,
    });
  if (typeof value !== 'object' || Array.isArray(value)) throw malformed('not an object');
  for (const [name, until] of Object.entries(value)) {
    if (typeof until !== 'string' || !Number.isFinite(Date.parse(until)))
      throw malformed(`${name}: ${JSON.stringify(until)} is not an ISO time`);
  }
  return value as ProtectionRecord;
}

/** Epoch ms until which the replica is protected; undefined when it is not (or no longer). */
export function protectedUntil(record: ProtectionRecord, name: string, now: number): number | undefined {
  const until = record[name];
  if (until === undefined) return undefined;
  const ms = Date.parse(until);
  return ms > now ? ms : undefined;
}

/** The record after protecting (for PROTECTION_MS from now) or unprotecting `names`; expired entries are dropped. */
export function updatedProtection(
  record: ProtectionRecord,
  names: readonly string[],
  protect: boolean,
  now: number,
): ProtectionRecord {
  // Only expiry prunes: an entry for a container this process has not listed may be
  // another process's just-created, just-protected replica.
  const next = new Map(Object.entries(record).filter(([, until]) => Date.parse(until) > now));
  const until = new Date(now + PROTECTION_MS).toISOString();
  for (const name of names) {
    if (protect) next.set(name, until);
    else next.delete(name);
  }
  return Object.fromEntries(next);
}

export function toReplica(info: Dockerode.ContainerInfo, record: ProtectionRecord, now: number): Replica {
  const name = containerName(info);
  const ip = containerIp(info);
  const until = protectedUntil(record, name, now);
  return {
    id: name,
    // TFC_AGENT_NAME is the container name (see replica-provider.ts), so the agent joins by name.
    agentName: name,
    state: replicaState(info.State),
    createdAt: createdAtOf(info),
    ...(ip !== undefined && { ip }),
    ...(until !== undefined && { protectedUntil: until }),
  };
}

/**
 * The one service of a Docker replica pool. The host has no scheduler that works towards a
 * count later: setDesired creates and removes at once, so desired is what is alive now.
 */
export function toService(
  name: string,
  infos: readonly Dockerode.ContainerInfo[],
  record: ProtectionRecord,
  now: number,
): ReplicaService {
  const replicas = infos.map((info) => toReplica(info, record, now));
  const count = (state: Replica['state']) => replicas.filter((r) => r.state === state).length;
  return {
    name,
    capacityClass: 'regular',
    desired: count('starting') + count('running'),
    running: count('running'),
    pending: count('starting'),
    replicas,
  };
}
