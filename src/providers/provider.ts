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
}

export interface LaunchSpec {
  readonly pool: string;
  readonly name: string;
  readonly jobId?: string;
  readonly env: Readonly<Record<string, string>>;
}

/** Ephemeral capacity: one machine per worker. ProviderError.alreadyExists when `name` is taken. */
export interface EphemeralProvider {
  readonly type: string;
  readonly capacity: 'ephemeral';
  list(pool: PoolPolicy): Promise<readonly Machine[]>;
  launch(spec: LaunchSpec): Promise<Machine>;
  /** Stops and removes the machine; absent is fine. */
  terminate(pool: PoolPolicy, name: string): Promise<void>;
  /** Checks that the backend answers and has what launches need, without changing anything. */
  doctor?(pool: PoolPolicy): Promise<readonly DoctorCheck[]>;
}

export type Provider = EphemeralProvider;
