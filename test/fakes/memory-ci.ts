import { ProviderError } from '../../src/core/errors.js';
import type { Job, LaunchTarget, PoolPolicy } from '../../src/core/types.js';
import { MemoryProvider } from '../../src/providers/memory/memory-provider.js';
import type { LaunchSpec, Machine } from '../../src/providers/provider.js';
import type {
  DeregisterResult,
  Registration,
  RerunResult,
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
  readonly scope = 'fake:ci';
  jobs = new Map<string, Job>();
  registrations = new Map<string, Registration>();
  calls: string[] = [];
  failRegister = false;
  /** Re-runs refused (GitHub: the run still goes) before one is accepted. */
  rerunRefusals = 0;
  reran: string[] = [];
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

  rerun(_pool: PoolPolicy, jobId: string): Promise<RerunResult> {
    this.calls.push(`rerun ${jobId}`);
    if (this.rerunRefusals > 0) {
      this.rerunRefusals -= 1;
      return Promise.resolve({ result: 'not-yet', detail: 'the run is still in progress' });
    }
    this.reran.push(jobId);
    return Promise.resolve({ result: 'requested', detail: `re-run of ${jobId} requested` });
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

/** The in-process provider, plus a record of launches and removals for assertions. */
export class FakeHost extends MemoryProvider {
  override readonly type = 'fake';
  launched: LaunchSpec[] = [];
  terminated: string[] = [];
  failLaunch = false;
  /** Runs once, after the next listing: an event that lands while a reconcile is between its listing and its record. */
  afterList: (() => Promise<void>) | undefined;

  override async list(pool: PoolPolicy): Promise<readonly Machine[]> {
    const machines = await super.list(pool);
    const hook = this.afterList;
    this.afterList = undefined;
    if (hook !== undefined) await hook();
    return machines;
  }

  override async launch(spec: LaunchSpec): Promise<Machine> {
    if (this.failLaunch) throw new ProviderError('no capacity', { capacity: true, retryable: true });
    const machine = await super.launch(spec);
    this.launched.push(spec);
    return machine;
  }

  crash(name: string): void {
    this.exit(name, 1);
  }

  override async terminate(pool: PoolPolicy, name: string): Promise<void> {
    await super.terminate(pool, name);
    this.terminated.push(name);
  }
}
