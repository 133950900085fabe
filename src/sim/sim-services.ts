/**
 * The replica services of the simulated world (an ECS service, a Docker host in replica
 * mode): a desired count the service works towards, agents that register themselves when
 * their task is up and stay for run after run, scale-in protection, and replacement of a
 * task that crashed at boot or was taken away. The engine drives them through the same
 * replica executor (set-desired, protect, unprotect, stop) that runs against ECS.
 */
import { ProviderError } from '../core/errors.js';
import type { ProtectionResult, Replica, ReplicaService } from '../providers/provider.js';
import { scaleInOrder } from '../providers/scale-in-order.js';
import type { SimPool } from './sim-pool.js';
import type { SimMachine, World } from './world.js';

interface SimService {
  readonly name: string;
  readonly capacityClass: string;
  readonly protectionMs: number;
  desired: number;
  /** Tasks not yet stopped, in start order. */
  readonly tasks: Map<string, SimMachine>;
  readonly protectedUntil: Map<string, number>;
  started: number;
}

export class SimServices {
  /** By unit (the policy name the engine schedules). */
  private readonly services = new Map<string, SimService>();

  constructor(
    private readonly world: World,
    pools: readonly SimPool[],
    private readonly now: () => number,
  ) {
    for (const p of pools) {
      if (p.service === undefined) continue;
      this.services.set(p.policy.name, {
        name: p.service.name,
        capacityClass: p.sim.capacityClass,
        protectionMs: p.service.protectionMs,
        desired: 0,
        tasks: new Map(),
        protectedUntil: new Map(),
        started: 0,
      });
    }
    world.onMachineEnd = (m) => {
      const s = this.services.get(m.pool);
      if (s !== undefined && s.tasks.delete(m.name)) this.ended(s, m);
    };
  }

  describe(unit: string): ReplicaService {
    const s = this.serviceOf(unit);
    // The service scheduler acts between two reads: protection that ran out lets it stop
    // the tasks it kept above the count.
    this.converge(unit, s);
    const replicas = this.replicasOf(s);
    const running = replicas.filter((r) => r.state === 'running').length;
    return {
      name: s.name,
      capacityClass: s.capacityClass,
      desired: s.desired,
      running,
      pending: s.tasks.size - running,
      replicas,
    };
  }

  setDesired(unit: string, desired: number): void {
    const s = this.serviceOf(unit);
    s.desired = desired;
    this.converge(unit, s);
  }

  setProtection(unit: string, ids: readonly string[], on: boolean): ProtectionResult {
    const s = this.serviceOf(unit);
    const done: string[] = [];
    const failed: { id: string; reason: string }[] = [];
    for (const id of ids) {
      if (!s.tasks.has(id)) {
        failed.push({ id, reason: 'no such task' });
        continue;
      }
      if (on) s.protectedUntil.set(id, this.now() + s.protectionMs);
      else s.protectedUntil.delete(id);
      done.push(id);
    }
    if (!on) this.converge(unit, s);
    return { done, failed };
  }

  /** Stops one task (it never became healthy); the service starts a replacement. */
  stop(unit: string, id: string): void {
    if (!this.serviceOf(unit).tasks.has(id))
      throw new ProviderError(`service ${unit} has no task ${id}`, { status: 404 });
    this.world.terminate(id);
  }

  private serviceOf(unit: string): SimService {
    const s = this.services.get(unit);
    if (s === undefined) throw new ProviderError(`no simulated service for ${unit}`, { status: 400 });
    return s;
  }

  /** The tasks as the service lists them, with protection that still holds. */
  private replicasOf(s: SimService): Replica[] {
    const now = this.now();
    return [...s.tasks.values()].map((m) => {
      const until = s.protectedUntil.get(m.name);
      return {
        id: m.name,
        state: m.state === 'starting' ? 'starting' : 'running',
        createdAt: m.launchedAt,
        ...(until !== undefined && until > now && { protectedUntil: until }),
      };
    });
  }

  /**
   * Starts tasks up to the count, or stops unprotected ones down to it, in the order a
   * service that picks them itself uses (scaleInOrder). ECS chooses by placement and knows
   * nothing of jobs, so a busy task without protection may be the one it stops: that is the
   * kill the engine's protection has to prevent, and the metrics count it.
   */
  private converge(unit: string, s: SimService): void {
    while (s.tasks.size < s.desired) this.startTask(unit, s);
    if (s.tasks.size <= s.desired) return;
    const victims = scaleInOrder(this.replicasOf(s))
      .filter((r) => r.protectedUntil === undefined)
      .slice(0, s.tasks.size - s.desired);
    for (const r of victims) this.world.terminate(r.id);
  }

  private startTask(unit: string, s: SimService): void {
    s.started += 1;
    const id = `${unit}-task-${s.started}`;
    // The agent registers itself once its task is up; until then it is listed offline.
    this.world.register(unit, id);
    this.world.launch(unit, id, undefined);
    const m = this.world.machines.get(id);
    if (m !== undefined) s.tasks.set(id, m);
  }

  /** A task stopped: its agent is gone, and the service replaces it while the count asks. */
  private ended(s: SimService, m: SimMachine): void {
    s.protectedUntil.delete(m.name);
    this.world.deregister(m.name);
    // An exited task is no longer listed by the service.
    if (m.state === 'exited') this.world.terminate(m.name);
    const unit = m.pool;
    if (s.tasks.size < s.desired) this.converge(unit, s);
  }
}
