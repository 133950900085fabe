import type { DoctorCheck } from '../core/doctor.js';
import type { PoolPolicy } from '../core/types.js';

/** A machine (container, instance, pod) as the provider sees it, found by its pool tag/label. */
export interface Machine {
  readonly name: string;
  readonly state: 'starting' | 'running' | 'exited';
  readonly createdAt: number;
  readonly jobId?: string;
  readonly exitCode?: number;
  readonly capacityClass?: string;
  /** The cloud took it back (spot interruption): a job that ran on it should run again. */
  readonly interrupted?: boolean;
  /** The backend's own id (EC2 instance id), when it differs from the name. */
  readonly externalId?: string;
}

export interface LaunchSpec {
  readonly pool: string;
  readonly name: string;
  readonly jobId?: string;
  /** The job's `runs-on` labels, for providers that pick machine shapes from labels (EC2). */
  readonly labels?: readonly string[];
  readonly env: Readonly<Record<string, string>>;
}

/**
 * Small JSON values a provider keeps between reconciles (EC2 circuit breakers), in the
 * state store under the pool's name, so several processes and runs share them.
 */
export interface ProviderMemo {
  get(key: string): Promise<unknown>;
  /** Read-modify-write; retried when another process wrote in between. Returns what was stored. */
  update(key: string, change: (current: unknown) => unknown): Promise<unknown>;
}

/** A circuit breaker or similar provider state worth showing in status and metrics. */
export interface ProviderCircuit {
  /** What is skipped, e.g. `c7g.large/eu-west-1a`. */
  readonly key: string;
  readonly failures: number;
  /** ISO time until which it is skipped; absent while closed. */
  readonly openUntil?: string;
}

export interface ProviderStatus {
  readonly circuits: readonly ProviderCircuit[];
}

/** Ephemeral capacity: one machine per worker. ProviderError.alreadyExists when `name` is taken. */
export interface EphemeralProvider {
  readonly type: string;
  readonly capacity: 'ephemeral';
  list(pool: PoolPolicy): Promise<readonly Machine[]>;
  launch(spec: LaunchSpec): Promise<Machine>;
  /** Stops and removes the machine; absent is fine. */
  terminate(pool: PoolPolicy, name: string): Promise<void>;
  /**
   * Problems with a launch that no retry can fix (an invalid `cpu=` label), checked before
   * anything is registered; undefined when the launch may go ahead.
   */
  checkLaunch?(spec: LaunchSpec): string | undefined;
  /** Tidies what launches leave behind (EC2: SSM parameters of booted or gone workers). */
  housekeep?(pool: PoolPolicy, machines: readonly Machine[]): Promise<void>;
  /** The machine an external event names (EC2 instance id), if it is one of this pool's. */
  findMachine?(pool: PoolPolicy, externalId: string): Promise<Machine | undefined>;
  status?(pool: PoolPolicy): Promise<ProviderStatus>;
  /** Checks that the backend answers and has what launches need, without changing anything. */
  doctor?(pool: PoolPolicy): Promise<readonly DoctorCheck[]>;
}

/** One long-lived agent of a replica service (ECS task, Deployment pod). */
export interface Replica {
  /** Task id (the last part of the task ARN) or pod name. */
  readonly id: string;
  readonly state: 'starting' | 'running' | 'stopping';
  readonly createdAt: number;
  readonly ip?: string;
  /** The agent name the replica registers with, when it declares one (TFC_AGENT_NAME). */
  readonly agentName?: string;
  /** Epoch ms until which scale-in protection holds; absent when unprotected. */
  readonly protectedUntil?: number;
}

export interface ReplicaService {
  /** The service name as configured. */
  readonly name: string;
  readonly capacityClass: string;
  readonly desired: number;
  readonly running: number;
  readonly pending: number;
  readonly replicas: readonly Replica[];
}

export interface ProtectionResult {
  /** Replicas whose protection is now as asked. */
  readonly done: readonly string[];
  /** Replicas whose call failed, with why; their protection is unknown. */
  readonly failed: readonly { readonly id: string; readonly reason: string }[];
}

/**
 * Replica capacity: a count of long-lived agents per service (ARCHITECTURE.md "Two kinds of
 * capacity"). The engine protects busy replicas before it lowers a count, then checks again.
 */
export interface ReplicaProvider {
  readonly type: string;
  readonly capacity: 'replica';
  /** Every configured service of the pool with its replicas. */
  describe(pool: PoolPolicy): Promise<readonly ReplicaService[]>;
  setDesired(pool: PoolPolicy, service: string, desired: number): Promise<void>;
  /**
   * Turns scale-in protection on (for the provider's protection period, refreshing it) or
   * off. Per-replica failures are reported in the result, never thrown; a call that could
   * not be made at all throws ProviderError.
   */
  setProtection(
    pool: PoolPolicy,
    service: string,
    ids: readonly string[],
    protect: boolean,
  ): Promise<ProtectionResult>;
  /**
   * Stops one replica (never healthy, or past maxLifetime); the service replaces it while
   * its count asks. `countFollows`: the caller sets the count right after (a `set-desired`
   * of the same decision), so a provider that keeps the count itself (Docker) starts no
   * replacement that the new count would remove again; a service that replaces on its own
   * (ECS) does as it does.
   */
  stopReplica(pool: PoolPolicy, service: string, id: string, countFollows?: boolean): Promise<void>;
  doctor?(pool: PoolPolicy): Promise<readonly DoctorCheck[]>;
}

export type Provider = EphemeralProvider | ReplicaProvider;
