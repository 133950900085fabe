/**
 * The simulated CI system and machines: jobs arrive, wait, are taken by an idle matching
 * runner (as GitHub hands a job to any idle runner whose labels cover it), run for their
 * duration and complete; an ephemeral runner leaves after its one job. Machines boot
 * after a sampled time, may crash at boot or be taken away (spot). Everything that
 * happens is kept for the metrics (world-metrics.ts).
 */
import { ProviderError } from '../core/errors.js';
import type { Job, JobEvent } from '../core/types.js';
import type { Machine } from '../providers/provider.js';
import type { DeregisterResult, Registration } from '../sources/source.js';
import type { EventQueue } from './event-queue.js';
import type { Random } from './random.js';
import { canTake, sampleBoot, systemOfJob, type CiSystem, type SimPool } from './sim-pool.js';
import {
  jobView,
  registrationView,
  type Runner,
  type SimJob,
  type SimMachine,
  type WorldCounts,
} from './world-records.js';

export type { SimJob, SimMachine, WorldCounts } from './world-records.js';

export class World {
  readonly jobs = new Map<string, SimJob>();
  /** Every machine ever launched, for the metrics. */
  readonly machines = new Map<string, SimMachine>();
  /** Machines still listed by the provider, per pool: a reconcile lists these, not all. */
  private readonly listed = new Map<string, Set<SimMachine>>();
  readonly runners = new Map<string, Runner>();
  /** Jobs that ended (completed, or failed under a vanished worker), in that order, for the metrics. */
  readonly finished: SimJob[] = [];
  readonly counts: WorldCounts = { queued: 0, running: 0, booting: 0, idle: 0, busy: 0 };
  /** Groups with a running job: their other jobs wait (rule 1). */
  private readonly busyGroups = new Set<string>();
  private readonly pools: ReadonlyMap<string, SimPool>;
  /** Told once when a machine stops (exit, crash at boot, removal, spot), so a service can replace it. */
  onMachineEnd: ((m: SimMachine) => void) | undefined = undefined;

  constructor(
    pools: readonly SimPool[],
    private readonly queue: EventQueue,
    private readonly random: Random,
    private readonly now: () => number,
    /** Where job events go (the webhook path, when the strategy hears events). */
    private readonly emit: (event: JobEvent) => void,
  ) {
    this.pools = new Map(pools.map((p) => [p.policy.name, p]));
  }

  arrive(job: SimJob): void {
    if (job.group === undefined || !this.groupActive(job.group)) job.runnableAt = this.now();
    this.jobs.set(job.id, job);
    this.counts.queued += 1;
    this.emit({ action: 'queued', job: this.asJob(job) });
    this.assignJob(job);
  }

  /** Jobs queued or running, as one CI system lists them. */
  listJobs(system: CiSystem): Job[] {
    const out: Job[] = [];
    for (const job of this.jobs.values())
      if (job.state !== 'done' && systemOfJob(job.labels) === system) out.push(this.asJob(job));
    return out;
  }

  listRegistrations(): Registration[] {
    const out: Registration[] = [];
    for (const r of this.runners.values()) out.push(registrationView(r));
    return out;
  }

  register(pool: string, name: string): void {
    if (this.runners.has(name))
      throw new ProviderError(`runner ${name} exists`, { alreadyExists: true, status: 409 });
    this.runners.set(name, { name, pool, online: false });
  }

  deregister(name: string): DeregisterResult {
    const runner = this.runners.get(name);
    if (runner === undefined) return 'absent';
    if (runner.jobId !== undefined) return 'busy';
    this.runners.delete(name);
    return 'removed';
  }

  listMachines(pool: string): Machine[] {
    const out: Machine[] = [];
    for (const m of this.listed.get(pool) ?? []) {
      if (m.state === 'gone') continue;
      out.push({
        name: m.name,
        state: m.state,
        createdAt: m.launchedAt,
        ...(m.jobId !== undefined && { jobId: m.jobId }),
        ...(m.exitCode !== undefined && { exitCode: m.exitCode }),
      });
    }
    return out;
  }

  launch(pool: string, name: string, jobId: string | undefined): Machine {
    const spec = this.pools.get(pool);
    if (spec === undefined) throw new ProviderError(`no simulated pool ${pool}`, { status: 400 });
    if (this.machines.has(name))
      throw new ProviderError(`machine ${name} exists`, { alreadyExists: true, status: 409 });
    const m: SimMachine = {
      name,
      pool,
      launchedAt: this.now(),
      ...(jobId !== undefined && { jobId }),
      state: 'starting',
      jobsRun: 0,
      busyMs: 0,
      killedBusy: false,
      idleUntilJobMs: 0,
    };
    this.machines.set(name, m);
    const listed = this.listed.get(pool) ?? new Set();
    this.listed.set(pool, listed.add(m));
    this.counts.booting += 1;
    const random = this.random;
    const bootMs = sampleBoot(spec.sim.boot, random);
    const fails = random.chance(spec.sim.failAtBoot);
    this.queue.schedule(m.launchedAt + bootMs, () => {
      this.boot(m, fails);
    });
    if (spec.sim.spotInterruptionsPerHour > 0) {
      const after = random.exponential(3_600_000 / spec.sim.spotInterruptionsPerHour);
      this.queue.schedule(m.launchedAt + after, () => {
        if (m.endedAt === undefined) this.end(m, 'gone');
      });
    }
    return { name, state: 'starting', createdAt: m.launchedAt, ...(jobId !== undefined && { jobId }) };
  }

  /** Removes a machine; one that runs a job is counted as a busy kill, which must never happen. */
  terminate(name: string): void {
    const m = this.machines.get(name);
    if (m === undefined) return;
    if (m.runsJob !== undefined) m.killedBusy = true;
    this.end(m, 'gone');
  }

  private boot(m: SimMachine, fails: boolean): void {
    if (m.state !== 'starting') return;
    if (fails) {
      m.exitCode = 1;
      this.end(m, 'exited');
      return;
    }
    this.counts.booting -= 1;
    m.state = 'running';
    m.onlineAt = this.now();
    m.freeSince = m.onlineAt;
    this.counts.idle += 1;
    const runner = this.runners.get(m.name);
    // A machine launched without a registration (a strategy's bug) never joins the CI system.
    if (runner === undefined) return;
    runner.online = true;
    this.assignRunner(runner);
  }

  /** A machine stops: `exited` stays listed until removed, `gone` (terminated, spot) does not. */
  private end(m: SimMachine, state: 'exited' | 'gone'): void {
    if (state === 'gone') this.listed.get(m.pool)?.delete(m);
    if (m.endedAt !== undefined) {
      if (state === 'gone') m.state = 'gone';
      return;
    }
    const now = this.now();
    if (m.state === 'starting') this.counts.booting -= 1;
    else if (m.runsJob !== undefined) this.counts.busy -= 1;
    else this.counts.idle -= 1;
    m.endedAt = now;
    m.freeSince = undefined;
    m.state = state;
    const runner = this.runners.get(m.name);
    if (runner !== undefined) runner.online = false;
    const job = m.runsJob === undefined ? undefined : this.jobs.get(m.runsJob);
    if (job !== undefined) this.requeue(job, m, runner);
    this.onMachineEnd?.(m);
  }

  /**
   * The job's worker vanished under it: GitHub fails the job, and a re-run queues a new
   * job (a new id, so its launches start afresh) with the same labels and duration.
   */
  private requeue(job: SimJob, m: SimMachine, runner: Runner | undefined): void {
    m.busyMs += this.now() - (m.busySince ?? this.now());
    m.runsJob = undefined;
    if (runner !== undefined) delete runner.jobId;
    if (job.group !== undefined) this.busyGroups.delete(job.group);
    job.state = 'done';
    this.jobs.delete(job.id);
    this.finished.push(job);
    this.counts.running -= 1;
    const { startedAt: _started, runner: _runner, view: _view, runnableAt: _runnable, ...rest } = job;
    this.arrive({
      ...rest,
      id: `${job.id}-rerun${job.interrupted + 1}`,
      queuedAt: this.now(),
      state: 'queued',
      interrupted: job.interrupted + 1,
    });
    if (job.group !== undefined) this.releaseGroup(job.group);
  }

  private canRun(job: SimJob, runner: Runner): boolean {
    const pool = this.pools.get(runner.pool);
    return pool !== undefined && canTake(pool.policy, job.labels);
  }

  private assignJob(job: SimJob): void {
    if (this.waitsForGroup(job)) return;
    for (const runner of this.runners.values()) {
      if (runner.online && runner.jobId === undefined && this.canRun(job, runner)) {
        this.start(job, runner);
        return;
      }
    }
  }

  private assignRunner(runner: Runner): void {
    for (const job of this.jobs.values()) {
      if (job.state !== 'queued' || !this.canRun(job, runner)) continue;
      if (this.waitsForGroup(job)) continue;
      this.start(job, runner);
      return;
    }
  }

  private start(job: SimJob, runner: Runner): void {
    const m = this.machines.get(runner.name);
    if (m === undefined) return;
    const now = this.now();
    job.state = 'running';
    job.runner = runner.name;
    job.startedAt ??= now;
    runner.jobId = job.id;
    m.runsJob = job.id;
    m.busySince = now;
    if (m.freeSince !== undefined) m.idleUntilJobMs += now - m.freeSince;
    m.freeSince = undefined;
    if (job.group !== undefined) this.busyGroups.add(job.group);
    this.counts.queued -= 1;
    this.counts.running += 1;
    this.counts.idle -= 1;
    this.counts.busy += 1;
    this.emit({ action: 'in_progress', job: this.asJob(job), runnerName: runner.name });
    const startedAt = now;
    this.queue.schedule(now + job.durationMs, () => {
      if (m.runsJob === job.id && job.runner === runner.name) this.complete(job, runner, m, startedAt);
    });
  }

  private complete(job: SimJob, runner: Runner, m: SimMachine, startedAt: number): void {
    job.state = 'done';
    this.jobs.delete(job.id);
    if (job.group !== undefined) this.busyGroups.delete(job.group);
    this.counts.running -= 1;
    m.busyMs += this.now() - startedAt;
    m.jobsRun += 1;
    m.runsJob = undefined;
    m.freeSince = this.now();
    this.counts.busy -= 1;
    this.counts.idle += 1;
    this.finished.push(job);
    this.emit({
      action: 'completed',
      job: { ...this.asJob(job), state: 'running' },
      runnerName: runner.name,
    });
    // An agent of a replica service stays, idle, for the next run; an ephemeral runner
    // leaves after its one job, and its machine exits.
    const stays = this.pools.get(runner.pool)?.service !== undefined;
    if (stays) delete runner.jobId;
    else {
      this.runners.delete(runner.name);
      m.exitCode = 0;
      this.end(m, 'exited');
    }
    if (job.group !== undefined) this.releaseGroup(job.group);
    if (stays && runner.jobId === undefined) this.assignRunner(runner);
  }

  /** A job of a group runs one at a time, in the order queued: behind a running one, or an older one. */
  private waitsForGroup(job: SimJob): boolean {
    return job.group !== undefined && (this.busyGroups.has(job.group) || job.runnableAt === undefined);
  }

  /** Whether a job of the group is queued or running: a newcomer waits its turn behind it. */
  private groupActive(group: string): boolean {
    for (const job of this.jobs.values()) if (job.group === group) return true;
    return false;
  }

  /** The next job of a group may run now. */
  private releaseGroup(group: string): void {
    for (const job of this.jobs.values()) {
      if (job.group === group && job.state === 'queued') {
        job.runnableAt ??= this.now();
        this.assignJob(job);
        return;
      }
    }
  }

  private asJob(job: SimJob): Job {
    // Behind a running job of its group, or an older queued one: the CI system shows it waiting.
    return jobView(job, job.state === 'queued' && this.waitsForGroup(job));
  }
}
