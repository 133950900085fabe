/**
 * Circuit breakers per instance type, availability zone and capacity class: after
 * `failures` capacity errors in a row the override is skipped for `cooldown`; after that it
 * is tried again (half-open), and one success closes it while one more failure opens it
 * again at once. The state lives in the provider memo (shared by every process serving the
 * pool) as `{ "<type>/<zone>/<class>": { failures, openUntil? } }` with ISO times. Pure.
 */
import type { ProviderCircuit } from '../provider.js';

export const CIRCUITS_MEMO_KEY = 'ec2-circuits';

export type CapacityClass = 'spot' | 'on-demand';

export interface CircuitState {
  readonly failures: number;
  readonly openUntil?: string;
}

export type Circuits = Readonly<Record<string, CircuitState>>;

export interface BreakerPolicy {
  readonly failures: number;
  readonly cooldown: number;
}

/** `c7g.large/eu-west-1a/spot`; `*` stands for "the launch template's" or "any" type or zone. */
export function circuitKey(
  instanceType: string | undefined,
  zone: string | undefined,
  capacity: CapacityClass,
): string {
  return `${instanceType ?? '*'}/${zone ?? '*'}/${capacity}`;
}

/** The memo value as circuits; anything malformed (an older or hand-edited value) counts as closed. */
export function parseCircuits(value: unknown): Circuits {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  const circuits: Record<string, CircuitState> = {};
  for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { failures, openUntil } = entry as Record<string, unknown>;
    if (typeof failures !== 'number' || !Number.isInteger(failures) || failures < 1) continue;
    const valid = typeof openUntil === 'string' && !Number.isNaN(Date.parse(openUntil));
    circuits[key] = valid ? { failures, openUntil } : { failures };
  }
  return circuits;
}

export function isOpen(circuits: Circuits, key: string, now: number): boolean {
  const openUntil = circuits[key]?.openUntil;
  return openUntil !== undefined && Date.parse(openUntil) > now;
}

export interface Outcomes {
  /** Keys that met a capacity error. */
  readonly failed: readonly string[];
  /** Keys that launched an instance. */
  readonly succeeded: readonly string[];
}

/** The circuits after one launch attempt. A key both failed and succeeded (two zones of one key) counts as success. */
export function recordOutcomes(
  circuits: Circuits,
  outcomes: Outcomes,
  now: number,
  policy: BreakerPolicy,
): Circuits {
  const next = new Map(Object.entries(circuits));
  for (const key of new Set(outcomes.failed)) {
    const failures = (next.get(key)?.failures ?? 0) + 1;
    next.set(
      key,
      failures >= policy.failures
        ? { failures, openUntil: new Date(now + policy.cooldown).toISOString() }
        : { failures },
    );
  }
  for (const key of outcomes.succeeded) next.delete(key);
  return Object.fromEntries(next);
}

/** For status(): every circuit that has counted a failure, `openUntil` only while it is open. */
export function circuitList(circuits: Circuits, now: number): ProviderCircuit[] {
  return Object.entries(circuits)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, state]) => ({
      key,
      failures: state.failures,
      ...(state.openUntil !== undefined && isOpen(circuits, key, now) && { openUntil: state.openUntil }),
    }));
}

/** The earliest time one of `keys` closes again, for the "everything is open" message. */
export function earliestReopen(circuits: Circuits, keys: readonly string[]): string | undefined {
  const times = keys.flatMap((key) => {
    const openUntil = circuits[key]?.openUntil;
    return openUntil === undefined ? [] : [openUntil];
  });
  return times.sort()[0];
}
