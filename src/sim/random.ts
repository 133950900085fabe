/**
 * A seeded random source, so a simulation or a generated trace is the same for the same
 * seed on every machine. mulberry32: 32 bits of state, fast, and good enough for
 * workload shapes (not for anything secret).
 */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** Standard normal (Box-Muller). */
  normal(): number;
  /** Lognormal with this median and 95th percentile (p95 >= median > 0). */
  lognormal(median: number, p95: number): number;
  /** Exponential with this mean. */
  exponential(mean: number): number;
  pick<T>(items: readonly T[]): T;
  /** An independent stream derived from this one and a label (per pool, per purpose). */
  fork(label: string): Random;
}

const Z95 = 1.6448536269514722;

function hash(label: string, seed: number): number {
  let h = seed ^ 0x9e3779b9;
  for (let i = 0; i < label.length; i++) {
    h = Math.imul(h ^ label.charCodeAt(i), 0x85ebca6b);
    h ^= h >>> 13;
  }
  return h >>> 0;
}

/**
 * The seed as 32 bits of generator state. Seeds below 2^32 are their own state (every
 * committed trace and result stays as it was); the bits above, and a negative seed's
 * sign, are mixed in, so seed 2^32 + 1 or -1 is not seed 1 or 2^32 - 1 over again.
 */
function stateOf(seed: number): number {
  const high = Math.floor(seed / 4294967296);
  if (high === 0) return seed >>> 0;
  const h = Math.imul(high ^ (high >>> 16), 0x45d9f3b);
  return (seed ^ (h ^ (h >>> 16))) >>> 0;
}

export function seededRandom(seed: number): Random {
  const start = stateOf(seed);
  let state = start;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = (): number => {
    const u = 1 - next();
    const v = next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    normal,
    lognormal: (median, p95) => {
      const mu = Math.log(median);
      const sigma = p95 > median ? (Math.log(p95) - mu) / Z95 : 0;
      return Math.exp(mu + sigma * normal());
    },
    exponential: (mean) => -mean * Math.log(1 - next()),
    pick: <T>(items: readonly T[]): T => {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new RangeError('pick from an empty list');
      return item;
    },
    fork: (label) => seededRandom(hash(label, start)),
  };
}
