import { ProviderError } from '../../src/core/errors.js';
import type { Job, LaunchTarget, PoolPolicy } from '../../src/core/types.js';
import type { LaunchSpec, Machine, EphemeralProvider } from '../../src/providers/provider.js';
import type {
  DeregisterResult,
  Registration,
  Source,
  SourceSnapshot,
  WorkerCredentials,
} from '../../src/sources/source.js';

/**
 * An in-memory CI system and machine host for engine tests: jobs, runner registrations
 * and machines, with a record of every call so tests can assert on what was done.
 */
export class FakeCi implements Source {
  readonly type = 'fake';
  jobs = new Map<string, Job>();
  registrations = new Map<string, Registration>();
  calls: string[] = [];
  failRegister = false;
  private seq = 0;

  queue(id: string, labels: string[] = ['linux'], extra: Partial<Job> = {}): Job {
    const job: Job = { id, state: 'queued', labels, queuedAt: 0, ...extra };
    this.jobs.set(id, job);
    return job;
  }

  /** The runner connects, takes the job and reports busy (GitHub assigns any idle runner). */
  start(runner: string, jobId: string): void {
    const job = this.jobs.get(jobId);
    if (job === undefined) throw new Error(`no job ${jobId}`);
    this.jobs.set(jobId, { ...job, state: 'running', workerId: runner });
    this.registrations.set(runner, { name: runner, online: true, busy: true, jobId });
  }

  connect(runner: string): void {
    this.registrations.set(runner, { name: runner, online: true, busy: false });
  }

  complete(jobId: string): void {
    const job = this.jobs.get(jobId);
    this.jobs.delete(jobId);
    if (job?.workerId !== undefined) this.registrations.delete(job.workerId);
  }

  snapshot(_pool: PoolPolicy): Promise<SourceSnapshot> {
    this.calls.push('snapshot');
    return Promise.resolve({
      jobs: [...this.jobs.values()],
      registrations: [...this.registrations.values()],
      apiCalls: 2,
    });
  }

  register(_pool: PoolPolicy, target: LaunchTarget): Promise<WorkerCredentials> {
    this.calls.push(`register ${target.name}`);
    if (this.failRegister) return Promise.reject(new ProviderError('registration refused', { status: 403 }));
    if (this.registrations.has(target.name))
      return Promise.reject(
        new ProviderError(`runner ${target.name} exists`, { alreadyExists: true, status: 409 }),
      );
    this.registrations.set(target.name, { name: target.name, online: false, busy: false });
    const secret = `jit-secret-${target.name}-${++this.seq}`;
    return Promise.resolve({ env: { ACTIONS_RUNNER_INPUT_JITCONFIG: secret }, secrets: [secret] });
  }

  deregister(_pool: PoolPolicy, name: string): Promise<DeregisterResult> {
    this.calls.push(`deregister ${name}`);
    const reg = this.registrations.get(name);
    if (reg === undefined) return Promise.resolve('absent');
    if (reg.busy) return Promise.resolve('busy');
    this.registrations.delete(name);
    return Promise.resolve('removed');
  }
}

export class FakeHost implements EphemeralProvider {
  readonly type = 'fake';
  readonly capacity = 'ephemeral' as const;
  machines = new Map<string, Machine>();
  launched: LaunchSpec[] = [];
  terminated: string[] = [];
  failLaunch = false;

  constructor(private readonly clock: () => number) {}

  list(pool: PoolPolicy): Promise<readonly Machine[]> {
    return Promise.resolve([...this.machines.values()].filter((m) => m.name.startsWith(`${pool.name}-`)));
  }

  launch(spec: LaunchSpec): Promise<Machine> {
    if (this.failLaunch)
      return Promise.reject(new ProviderError('no capacity', { capacity: true, retryable: true }));
    if (this.machines.has(spec.name))
      return Promise.reject(
        new ProviderError(`machine ${spec.name} exists`, { alreadyExists: true, status: 409 }),
      );
    const machine: Machine = {
      name: spec.name,
      state: 'running',
      createdAt: this.clock(),
      ...(spec.jobId !== undefined && { jobId: spec.jobId }),
    };
    this.machines.set(spec.name, machine);
    this.launched.push(spec);
    return Promise.resolve(machine);
  }

  crash(name: string): void {
    const m = this.machines.get(name);
    if (m) this.machines.set(name, { ...m, state: 'exited', exitCode: 1 });
  }

  terminate(_pool: PoolPolicy, name: string): Promise<void> {
    this.terminated.push(name);
    this.machines.delete(name);
    return Promise.resolve();
  }
}
