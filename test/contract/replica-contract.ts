/**
 * The behaviour every ReplicaProvider must show (ECS services, Kubernetes Deployments, a
 * Docker replica mode). Each backend's test runs it, with `describe.each` over backends; a
 * new replica provider passes this suite before it is registered.
 *
 * The harness hides the backend: `settle()` lets its scheduler converge (start and stop
 * replicas to match the desired count), which a real cluster does on its own and a fake
 * does when asked.
 */
import { expect } from 'vitest';
import { defineContractSuite, type CaseFn as SuiteCaseFn, type SuiteOptions } from './contract-suite.js';
import { ProviderError } from '../../src/core/errors.js';
import type { PoolPolicy } from '../../src/core/types.js';
import type { Replica, ReplicaProvider, ReplicaService } from '../../src/providers/provider.js';

export interface ReplicaHarness {
  readonly provider: ReplicaProvider;
  readonly pool: PoolPolicy;
  /** A configured service of the pool, at 0 replicas when the test starts. */
  readonly service: string;
  /** A second configured service of the pool (another capacity class), also at 0. */
  readonly otherService?: string;
  /** Every configured service of the pool with its capacity class. */
  readonly configured: readonly { readonly name: string; readonly capacityClass: string }[];
  /** Lets the backend's scheduler converge: start and stop replicas to match desired. */
  settle(): Promise<void>;
  /** The backend's clock (protection expiries are compared with it); default Date.now. */
  now?(): number;
  cleanup(): Promise<void>;
}

export type ReplicaFactory = () => Promise<ReplicaHarness>;

export const REPLICA_CASES = [
  'scale-up',
  'scale-to-zero',
  'protect',
  'unprotect',
  'protected-survive-scale-in',
  'protect-foreign',
  'unconfigured-service',
  'stop-replaced',
  'describe-all',
] as const;
export type ReplicaCase = (typeof REPLICA_CASES)[number];

export type ReplicaContractOptions = SuiteOptions<ReplicaCase>;

type CaseFn = SuiteCaseFn<ReplicaCase, ReplicaHarness>;

export function defineReplicaContract(
  name: string,
  factory: ReplicaFactory,
  options: ReplicaContractOptions = {},
): void {
  defineContractSuite(`ReplicaProvider contract (${name})`, factory, options, (test) => {
    scaleCases(test);
    protectionCases(test);
    safetyCases(test);
    lifecycleCases(test);
  });
}

function scaleCases(test: CaseFn): void {
  test(
    'scale-up',
    'setDesired(n) then settle: describe shows desired n and n running replicas',
    async (h) => {
      const replicas = await scaleTo(h, h.service, 3);
      const svc = await serviceOf(h, h.service);
      expect(svc).toMatchObject({ desired: 3, running: 3 });
      expect(replicas).toHaveLength(3);
      expect(new Set(replicas.map((r) => r.id)).size).toBe(3);
      for (const r of replicas) expect(r.createdAt).toBeGreaterThan(0);
    },
  );

  test('scale-to-zero', 'scaling to 0 leaves no running replica', async (h) => {
    await scaleTo(h, h.service, 2);
    await h.provider.setDesired(h.pool, h.service, 0);
    await h.settle();
    const svc = await serviceOf(h, h.service);
    expect(svc).toMatchObject({ desired: 0, running: 0 });
    expect(running(svc)).toEqual([]);
  });
}

function protectionCases(test: CaseFn): void {
  test(
    'protect',
    'protection on: those replicas are protected into the future, the others are not',
    async (h) => {
      const [a, b, c] = three(ids(await scaleTo(h, h.service, 3)));
      const result = await h.provider.setProtection(h.pool, h.service, [a, b], true);
      expect([...result.done].sort()).toEqual([a, b].sort());
      expect(result.failed).toEqual([]);
      const now = h.now?.() ?? Date.now();
      const byId = replicaMap(await serviceOf(h, h.service));
      expect(byId.get(a)?.protectedUntil).toBeGreaterThan(now);
      expect(byId.get(b)?.protectedUntil).toBeGreaterThan(now);
      expect(byId.get(c)?.protectedUntil).toBeUndefined();
    },
  );

  test('unprotect', 'protection off clears it for those replicas only', async (h) => {
    const [a, b] = two(ids(await scaleTo(h, h.service, 2)));
    await h.provider.setProtection(h.pool, h.service, [a, b], true);
    const result = await h.provider.setProtection(h.pool, h.service, [a], false);
    expect(result).toEqual({ done: [a], failed: [] });
    const byId = replicaMap(await serviceOf(h, h.service));
    expect(byId.get(a)?.protectedUntil).toBeUndefined();
    expect(byId.get(b)?.protectedUntil).toBeGreaterThan(h.now?.() ?? Date.now());
  });

  test(
    'protected-survive-scale-in',
    'protect k of m, setDesired(m - j) with j <= m - k: settle keeps every protected replica',
    async (h) => {
      const all = ids(await scaleTo(h, h.service, 4));
      // The two newest: a backend that removes newest first would pick exactly these.
      const kept = all.slice(-2);
      const result = await h.provider.setProtection(h.pool, h.service, kept, true);
      expect([...result.done].sort()).toEqual([...kept].sort());
      await h.provider.setDesired(h.pool, h.service, 2);
      await h.settle();
      const svc = await serviceOf(h, h.service);
      expect(ids(running(svc)).sort()).toEqual([...kept].sort());
      expect(svc).toMatchObject({ desired: 2, running: 2 });
    },
  );
}

function safetyCases(test: CaseFn): void {
  test(
    'protect-foreign',
    'setProtection for an id that is not a replica of the service fails and changes nothing',
    async (h) => {
      const [own] = one(ids(await scaleTo(h, h.service, 1)));
      const foreign = h.otherService === undefined ? [] : ids(await scaleTo(h, h.otherService, 1));
      const strangers = [...foreign, 'no-such-replica-0000'];
      const result = await h.provider.setProtection(h.pool, h.service, [own, ...strangers], true);
      expect(result.done).toEqual([own]);
      expect(result.failed.map((f) => f.id).sort()).toEqual([...strangers].sort());
      for (const f of result.failed) expect(f.reason).not.toBe('');
      if (h.otherService !== undefined) {
        const other = await serviceOf(h, h.otherService);
        expect(other.replicas.every((r) => r.protectedUntil === undefined)).toBe(true);
      }
    },
  );

  test(
    'unconfigured-service',
    'setDesired, setProtection and stopReplica on an unconfigured service reject',
    async (h) => {
      const stranger = `not-configured-${h.pool.name}`;
      await expect(h.provider.setDesired(h.pool, stranger, 1)).rejects.toBeInstanceOf(ProviderError);
      await expect(h.provider.setProtection(h.pool, stranger, ['x'], true)).rejects.toBeInstanceOf(
        ProviderError,
      );
      await expect(h.provider.stopReplica(h.pool, stranger, 'x')).rejects.toBeInstanceOf(ProviderError);
      const names = (await h.provider.describe(h.pool)).map((s) => s.name);
      expect(names).not.toContain(stranger);
    },
  );
}

function lifecycleCases(test: CaseFn): void {
  test(
    'stop-replaced',
    'stopReplica removes that replica; after settle the service replaces it',
    async (h) => {
      const [victim, other] = ids(await scaleTo(h, h.service, 2));
      if (victim === undefined || other === undefined) throw new Error('scale-up did not start two replicas');
      await h.provider.stopReplica(h.pool, h.service, victim);
      const after = replicaMap(await serviceOf(h, h.service));
      expect(['stopping', undefined]).toContain(after.get(victim)?.state);
      await h.settle();
      const svc = await serviceOf(h, h.service);
      const now = ids(running(svc));
      expect(now).toHaveLength(2);
      expect(now).not.toContain(victim);
      expect(now).toContain(other);
    },
  );

  test('describe-all', 'describe returns every configured service with its class', async (h) => {
    const described = await h.provider.describe(h.pool);
    const shape = (list: readonly { name: string; capacityClass: string }[]) =>
      list.map((s) => `${s.name}:${s.capacityClass}`).sort();
    expect(shape(described)).toEqual(shape(h.configured));
    expect(described.map((s) => s.name)).toContain(h.service);
    if (h.otherService !== undefined) expect(described.map((s) => s.name)).toContain(h.otherService);
  });
}

async function serviceOf(h: ReplicaHarness, service: string): Promise<ReplicaService> {
  const found = (await h.provider.describe(h.pool)).find((s) => s.name === service);
  if (found === undefined) throw new Error(`describe did not return service ${service}`);
  return found;
}

function running(svc: ReplicaService): Replica[] {
  return svc.replicas.filter((r) => r.state === 'running');
}

/** Sets the desired count, settles, and returns the running replicas, oldest first. */
async function scaleTo(h: ReplicaHarness, service: string, n: number): Promise<Replica[]> {
  await h.provider.setDesired(h.pool, service, n);
  await h.settle();
  const replicas = running(await serviceOf(h, service));
  expect(replicas).toHaveLength(n);
  return [...replicas].sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
}

function ids(replicas: readonly Replica[]): string[] {
  return replicas.map((r) => r.id);
}

function replicaMap(svc: ReplicaService): Map<string, Replica> {
  return new Map(svc.replicas.map((r) => [r.id, r]));
}

function exactly(list: readonly string[], n: number): string[] {
  if (list.length !== n) throw new Error(`expected ${n} replicas, got ${list.length}`);
  return [...list];
}

function one(list: readonly string[]): [string] {
  const [a] = exactly(list, 1);
  return [a ?? ''];
}

function two(list: readonly string[]): [string, string] {
  const [a, b] = exactly(list, 2);
  return [a ?? '', b ?? ''];
}

function three(list: readonly string[]): [string, string, string] {
  const [a, b, c] = exactly(list, 3);
  return [a ?? '', b ?? '', c ?? ''];
}
