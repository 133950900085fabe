/**
 * Found by review. `--seed` takes any whole number >= 0 up to 2^53 (simulate) and trace generate any safe
 * integer; "another seed changes the random boots and crashes" (docs/simulator.md). Seeds
 * that differ by 2^32 are different seeds and must not give the same run.
 */
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../src/sim/random.js';
import { generateTrace } from '../../../src/sim/trace-generate.js';

describe('seeds above 32 bits', () => {
  it('seed 2^32 + 1 draws another stream than seed 1', () => {
    const a = seededRandom(1);
    const b = seededRandom(2 ** 32 + 1);
    const draws = (r: ReturnType<typeof seededRandom>) => Array.from({ length: 5 }, () => r.next());
    expect(draws(b)).not.toEqual(draws(a));
  });

  it('trace generate --seed 4294967297 is not the trace of --seed 1', () => {
    const one = generateTrace({ pattern: 'weekday', jobs: 50, days: 1, seed: 1 });
    const other = generateTrace({ pattern: 'weekday', jobs: 50, days: 1, seed: 2 ** 32 + 1 });
    expect(other.jobs).not.toEqual(one.jobs);
  });
});
