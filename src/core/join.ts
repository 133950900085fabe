import type { Job, Worker } from './types.js';

/** Structural twins of the source and provider records, so core imports nothing from them. */
export interface JoinMachine {
  readonly name: string;
  readonly state: 'starting' | 'running' | 'exited';
  readonly createdAt: number;
  readonly jobId?: string;
  readonly capacityClass?: string;
}
export interface JoinRegistration {
  readonly name: string;
  readonly online: boolean;
  readonly busy: boolean;
  readonly jobId?: string;
  /** Address the agent reports (TFC `ip-address`); joins replicas that declare no agent name. */
  readonly ip?: string;
}

function stateOf(
  machine: JoinMachine | undefined,
  reg: JoinRegistration | undefined,
  launching: boolean,
): Worker['state'] {
  if (reg?.busy === true) return 'busy';
  // A launch in flight elsewhere registers before its machine exists: not failed yet.
  if (machine === undefined) return launching ? 'booting' : 'failed';
  if (machine.state === 'exited') return 'failed';
  if (reg === undefined) return 'booting';
  // A JIT registration exists from the moment it is generated, offline until the runner connects.
  return reg.online ? 'idle' : 'booting';
}

/**
 * Joins the provider's machines with the CI system's registrations by name into the
 * worker states of ARCHITECTURE.md. A busy registration is busy whatever the machine
 * says: the CI system is the authority on running jobs, so it is never killed.
 * Registrations outside `prefix` belong to someone else and are left out.
 */
export function joinWorkers(
  machines: readonly JoinMachine[],
  registrations: readonly JoinRegistration[],
  jobs: readonly Job[],
  prefix: string,
  /** When launches of registrations that have no machine yet were claimed (epoch ms). */
  launching: ReadonlyMap<string, number> = new Map(),
): Worker[] {
  const regs = new Map<string, JoinRegistration>();
  for (const r of registrations) if (r.name.startsWith(prefix)) regs.set(r.name, r);
  const byMachine = new Map(machines.map((m) => [m.name, m]));
  const runsOn = new Map<string, string>();
  const waiting = new Set<string>();
  for (const j of jobs) {
    if (j.workerId !== undefined) runsOn.set(j.workerId, j.id);
    else if (j.state !== 'running') waiting.add(j.id);
  }
  // The job a machine was started for is its job only while that job still waits: once it
  // runs elsewhere or is gone, the machine is free capacity for any job.
  const startedFor = (m: JoinMachine | undefined) =>
    m?.jobId !== undefined && waiting.has(m.jobId) ? m.jobId : undefined;
  const names = new Set(byMachine.keys());
  for (const name of regs.keys()) names.add(name);
  return [...names].sort().map((name) => {
    const machine = byMachine.get(name);
    const reg = regs.get(name);
    const jobId = reg?.jobId ?? runsOn.get(name) ?? startedFor(machine);
    const claimedAt = machine === undefined ? launching.get(name) : undefined;
    const createdAt = machine?.createdAt ?? claimedAt;
    const worker: { -readonly [K in keyof Worker]: Worker[K] } = {
      id: name,
      state: stateOf(machine, reg, claimedAt !== undefined),
    };
    if (createdAt !== undefined) worker.createdAt = createdAt;
    if (jobId !== undefined) worker.jobId = jobId;
    if (machine?.capacityClass !== undefined) worker.capacityClass = machine.capacityClass;
    return worker;
  });
}
