import type { JoinRegistration } from './join.js';
import type { Job, Worker } from './types.js';

/** Structural twin of the provider's replica record, so core imports nothing from providers. */
export interface JoinReplica {
  readonly id: string;
  readonly state: 'starting' | 'running' | 'stopping';
  readonly createdAt: number;
  readonly ip?: string;
  readonly agentName?: string;
  readonly protectedUntil?: number;
}

/**
 * Protection that ends sooner than this is renewed: a busy replica must stay protected
 * through the next reconciles even if one of them fails (ECS: `expiresInMinutes`).
 */
export const PROTECTION_REFRESH_MS = 10 * 60_000;

/** A busy replica needs protection set: it has none, or it ends within the refresh margin. */
export function protectionDue(worker: Worker, now: number): boolean {
  return worker.protectedUntil === undefined || worker.protectedUntil - now <= PROTECTION_REFRESH_MS;
}

/**
 * Protection is still on, however soon it ends. A scale-in victim's must be taken off
 * before the count is lowered: left to run out, it lets the service stop that replica
 * later, when it may have taken a job (the simulator found this: docs/simulator.md).
 */
export function protectionOn(worker: Worker, now: number): boolean {
  return worker.protectedUntil !== undefined && worker.protectedUntil > now;
}

function stateOf(replica: JoinReplica, reg: JoinRegistration | undefined): Worker['state'] {
  if (reg?.busy === true) return 'busy';
  if (replica.state !== 'running' || reg === undefined) return 'booting';
  // An agent that registered and then went offline (errored, exited) counts as booting, so
  // bootTimeout decides, rather than one missed heartbeat.
  return reg.online ? 'idle' : 'booting';
}

const rank = (r: JoinRegistration): number => (r.busy ? 2 : r.online ? 1 : 0);

/**
 * Agents by IP address, for replicas that declare no agent name. An IP can belong to
 * several agents: a new task reuses a dead one's address (HCP Terraform keeps `errored`
 * agents listed), or agents share a NAT address. So the address is busy if any of its
 * agents is (never stop or scale in a replica that may run a job), online if any is, and
 * stands for its busiest agent. Agents that a replica claims by name are not joined again.
 */
function agentsByIp(
  registrations: readonly JoinRegistration[],
  named: ReadonlySet<string>,
): Map<string, JoinRegistration> {
  const byIp = new Map<string, JoinRegistration>();
  for (const r of registrations) {
    if (r.ip === undefined || named.has(r.name)) continue;
    const seen = byIp.get(r.ip);
    if (seen === undefined) {
      byIp.set(r.ip, r);
      continue;
    }
    const best = rank(r) > rank(seen) ? r : seen;
    byIp.set(r.ip, { ...best, online: seen.online || r.online, busy: seen.busy || r.busy });
  }
  return byIp;
}

/**
 * Joins a service's replicas with the agents registered at the CI system: by agent name
 * (the replica's declared name, else its id) first, then by IP address, since an IP can be
 * shared behind NAT (DOMAIN.md). A busy agent makes its replica busy whatever the service
 * says. Stopping replicas that are not busy are on their way out and no capacity.
 */
export function joinReplicas(
  replicas: readonly JoinReplica[],
  registrations: readonly JoinRegistration[],
  jobs: readonly Job[],
  capacityClass: string,
): Worker[] {
  const byName = new Map(registrations.map((r) => [r.name, r]));
  const named = new Set(replicas.map((r) => r.agentName ?? r.id));
  const byIp = agentsByIp(registrations, named);
  const runsOn = new Map(
    jobs.flatMap((j) => (j.workerId === undefined ? [] : [[j.workerId, j.id] as const])),
  );
  const workers: Worker[] = [];
  for (const replica of [...replicas].sort((a, b) => a.id.localeCompare(b.id))) {
    const name = replica.agentName ?? replica.id;
    const reg = byName.get(name) ?? (replica.ip === undefined ? undefined : byIp.get(replica.ip));
    const state = stateOf(replica, reg);
    if (replica.state === 'stopping' && state !== 'busy') continue;
    const jobId = reg?.jobId ?? runsOn.get(name) ?? (reg === undefined ? undefined : runsOn.get(reg.name));
    workers.push({
      id: replica.id,
      state,
      createdAt: replica.createdAt,
      ...(jobId !== undefined && { jobId }),
      capacityClass,
      ...(replica.protectedUntil !== undefined && { protectedUntil: replica.protectedUntil }),
    });
  }
  return workers;
}
