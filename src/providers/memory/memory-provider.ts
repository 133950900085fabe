import { ProviderError } from '../../core/errors.js';
import type { PoolPolicy } from '../../core/types.js';
import type { EphemeralProvider, LaunchSpec, Machine } from '../provider.js';

/**
 * Machines that live in this process: for tests, the simulator and dry demos. Behaves
 * like a real provider where it matters: names are unique, lists are per pool.
 */
export class MemoryProvider implements EphemeralProvider {
  readonly type: string = 'memory';
  readonly capacity = 'ephemeral' as const;
  readonly machines = new Map<string, Machine & { readonly pool: string }>();

  constructor(private readonly clock: () => number) {}

  list(pool: PoolPolicy): Promise<readonly Machine[]> {
    return Promise.resolve([...this.machines.values()].filter((m) => m.pool === pool.name));
  }

  launch(spec: LaunchSpec): Promise<Machine> {
    if (this.machines.has(spec.name)) {
      return Promise.reject(
        new ProviderError(`machine ${spec.name} exists`, { alreadyExists: true, status: 409 }),
      );
    }
    const machine = {
      name: spec.name,
      pool: spec.pool,
      state: 'running' as const,
      createdAt: this.clock(),
      ...(spec.jobId !== undefined && { jobId: spec.jobId }),
    };
    this.machines.set(spec.name, machine);
    return Promise.resolve(machine);
  }

  /** Marks a machine exited, as a crashed or finished container would be. */
  exit(name: string, exitCode: number): void {
    const m = this.machines.get(name);
    if (m !== undefined) this.machines.set(name, { ...m, state: 'exited', exitCode });
  }

  terminate(pool: PoolPolicy, name: string): Promise<void> {
    const m = this.machines.get(name);
    if (m !== undefined && m.pool !== pool.name) {
      return Promise.reject(
        new ProviderError(`machine ${name} belongs to pool ${m.pool}, not ${pool.name}`, { status: 403 }),
      );
    }
    this.machines.delete(name);
    return Promise.resolve();
  }
}

export const memoryProviderModule = {
  type: 'memory' as const,
  create: (_config: unknown, deps: { clock: () => number }): EphemeralProvider =>
    new MemoryProvider(deps.clock),
};
