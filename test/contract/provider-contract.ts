/**
 * The behaviour every EphemeralProvider must show. Each backend's test runs it (with
 * `describe.each` over providers); a new provider passes this suite before it is registered.
 *
 * Machine names follow `<pool>-<job id>-<attempt>`, as the engine names workers.
 */
import { expect } from 'vitest';
import { defineContractSuite, type CaseFn as SuiteCaseFn, type SuiteOptions } from './contract-suite.js';
import { ProviderError } from '../../src/core/errors.js';
import type { PoolPolicy } from '../../src/core/types.js';
import type { EphemeralProvider, Machine } from '../../src/providers/provider.js';

export interface ProviderHarness {
  readonly provider: EphemeralProvider;
  /** The pool under test, and a second one whose machines it must never see or touch. */
  readonly pool: PoolPolicy;
  readonly otherPool: PoolPolicy;
  /** Env for a machine that stays up until terminated. */
  readonly idleEnv: Record<string, string>;
  /** Env for a machine whose process exits at once with `code`. */
  exitEnv(code: number): Record<string, string>;
  /** Removes whatever the test left in both pools. */
  cleanup(): Promise<void>;
}

export type ProviderFactory = () => Promise<ProviderHarness>;

export const CONTRACT_CASES = [
  'launch-listed',
  'launch-without-job',
  'duplicate-name',
  'pool-isolation',
  'terminate',
  'exit-code',
  'foreign-terminate',
] as const;
export type ContractCase = (typeof CONTRACT_CASES)[number];

export interface ContractOptions extends SuiteOptions<ContractCase> {
  /** How long an exited machine may take to show up as exited. */
  readonly exitWithinMs?: number;
}

/** Docker reports Created in whole seconds, and the daemon's clock is not ours. */
const CREATED_AT_SLACK_MS = 2_000;

export function defineProviderContract(
  name: string,
  factory: ProviderFactory,
  options: ContractOptions = {},
): void {
  defineContractSuite(`EphemeralProvider contract (${name})`, factory, options, (test) => {
    launchCases(test);
    isolationCases(test);
    lifecycleCases(test, options.exitWithinMs ?? 10_000);
  });
}

type CaseFn = SuiteCaseFn<ContractCase, ProviderHarness>;

function launchCases(test: CaseFn): void {
  test(
    'launch-listed',
    'a launched machine is listed under its pool with its name, job and creation time',
    async (h) => {
      const name = `${h.pool.name}-101-1`;
      const before = Date.now();
      const launched = await h.provider.launch({ pool: h.pool.name, name, jobId: '101', env: h.idleEnv });
      const after = Date.now();
      expect(launched).toMatchObject({ name, jobId: '101' });
      const listed = await find(h, h.pool, name);
      expect(listed).toMatchObject({ name, jobId: '101' });
      expect(['starting', 'running']).toContain(listed?.state);
      expect(listed?.createdAt).toBeGreaterThanOrEqual(before - CREATED_AT_SLACK_MS);
      expect(listed?.createdAt).toBeLessThanOrEqual(after + CREATED_AT_SLACK_MS);
    },
  );

  test('launch-without-job', 'a machine launched for no job is listed without a jobId', async (h) => {
    const name = `${h.pool.name}-warm-1`;
    await h.provider.launch({ pool: h.pool.name, name, env: h.idleEnv });
    const listed = await find(h, h.pool, name);
    expect(listed).toBeDefined();
    expect(listed?.jobId).toBeUndefined();
  });

  test('duplicate-name', 'a second launch under the same name fails with alreadyExists', async (h) => {
    const name = `${h.pool.name}-102-1`;
    await h.provider.launch({ pool: h.pool.name, name, jobId: '102', env: h.idleEnv });
    const second = h.provider.launch({ pool: h.pool.name, name, jobId: '102', env: h.idleEnv });
    await expect(second).rejects.toBeInstanceOf(ProviderError);
    await expect(second).rejects.toMatchObject({ alreadyExists: true });
    expect((await h.provider.list(h.pool)).filter((m) => m.name === name)).toHaveLength(1);
  });
}

function isolationCases(test: CaseFn): void {
  test('pool-isolation', "list shows the pool's machines only", async (h) => {
    const mine = `${h.pool.name}-103-1`;
    const theirs = `${h.otherPool.name}-103-1`;
    await h.provider.launch({ pool: h.pool.name, name: mine, jobId: '103', env: h.idleEnv });
    await h.provider.launch({ pool: h.otherPool.name, name: theirs, jobId: '103', env: h.idleEnv });
    expect(names(await h.provider.list(h.pool))).toEqual([mine]);
    expect(names(await h.provider.list(h.otherPool))).toEqual([theirs]);
  });

  // A provider may refuse (reject with a ProviderError: Docker does) or ignore the call
  // (resolve); either way the other pool's machine is still there afterwards.
  test('foreign-terminate', "terminate never removes another pool's machine", async (h) => {
    const theirs = `${h.otherPool.name}-104-1`;
    await h.provider.launch({ pool: h.otherPool.name, name: theirs, jobId: '104', env: h.idleEnv });
    const outcome = await h.provider.terminate(h.pool, theirs).then(
      () => 'ignored',
      (error: unknown) => error,
    );
    if (outcome !== 'ignored') expect(outcome).toBeInstanceOf(ProviderError);
    expect(names(await h.provider.list(h.otherPool))).toEqual([theirs]);
  });
}

function lifecycleCases(test: CaseFn, exitWithinMs: number): void {
  test('terminate', 'terminate removes the machine; terminating an absent name resolves', async (h) => {
    const name = `${h.pool.name}-105-1`;
    await h.provider.launch({ pool: h.pool.name, name, jobId: '105', env: h.idleEnv });
    await h.provider.terminate(h.pool, name);
    expect(names(await h.provider.list(h.pool))).not.toContain(name);
    await expect(h.provider.terminate(h.pool, name)).resolves.toBeUndefined();
    await expect(h.provider.terminate(h.pool, `${h.pool.name}-never-1`)).resolves.toBeUndefined();
  });

  test(
    'exit-code',
    'a machine whose process exits with code 3 is listed as exited with exitCode 3',
    async (h) => {
      const name = `${h.pool.name}-106-1`;
      await h.provider.launch({ pool: h.pool.name, name, jobId: '106', env: h.exitEnv(3) });
      const exited = await eventually(exitWithinMs, async () => {
        const machine = await find(h, h.pool, name);
        return machine?.state === 'exited' ? machine : undefined;
      });
      expect(exited).toMatchObject({ name, state: 'exited', exitCode: 3, jobId: '106' });
    },
  );
}

function names(machines: readonly Machine[]): string[] {
  return machines.map((m) => m.name).sort();
}

async function find(h: ProviderHarness, pool: PoolPolicy, name: string): Promise<Machine | undefined> {
  return (await h.provider.list(pool)).find((m) => m.name === name);
}

/** Polls `probe` every 100 ms until it returns a value. */
async function eventually<T>(timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
