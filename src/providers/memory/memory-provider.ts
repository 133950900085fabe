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

  private seq = 0;

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
      // Shaped like an EC2 instance id, so events that name machines by id can be tested.
      externalId: `i-${(++this.seq).toString(16).padStart(8, '0')}`,
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

  /** The cloud takes the machine back (spot interruption): exited and marked interrupted. */
  interrupt(name: string): void {
    const m = this.machines.get(name);
    if (m !== undefined) this.machines.set(name, { ...m, state: 'exited', interrupted: true });
  }

  findMachine(pool: PoolPolicy, externalId: string): Promise<Machine | undefined> {
    const found = [...this.machines.values()].find(
      (m) => m.externalId === externalId && m.pool === pool.name,
    );
    return Promise.resolve(found);
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
