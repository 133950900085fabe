/**
 * decide() time for one pool of 10,000 workers and 10,000 queued jobs (goal: under 20 ms),
 * and for 100 pools of 100 workers each. Prints figures and writes bench/results/core.json;
 * never fails on a slow machine.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { decide, type Job, type PoolObservation, type PoolPolicy, type Worker } from '../src/core/index.js';
import { policy as basePolicy } from '../test/unit/core/builders.js';

const NOW = Date.parse('2026-11-22T10:00:00Z');
const STATES: Worker['state'][] = ['busy', 'busy', 'idle', 'booting', 'failed'];

function policy(name: string, max: number): PoolPolicy {
  return basePolicy({ name, max, slotsPerJob: { plan: 1 } });
}

function observation(workers: number, queued: number): PoolObservation {
  const ws: Worker[] = Array.from({ length: workers }, (_, i) => ({
    id: `w${i}`,
    state: STATES[i % STATES.length] ?? 'idle',
    createdAt: NOW - (i % 600) * 1000,
  }));
  const jobs: Job[] = Array.from({ length: queued }, (_, i) => ({
    id: `j${i}`,
    state: 'queued',
    labels: ['linux'],
    queuedAt: NOW - i,
    ...(i % 7 === 0 && { group: `g${i % 50}` }),
  }));
  return { now: NOW, jobs, workers: ws, memory: { version: 1, aboveTargetSince: '2026-11-22T09:00:00Z' } };
}

function measure(
  label: string,
  runs: number,
  fn: () => void,
): { label: string; medianMs: number; p95Ms: number } {
  for (let i = 0; i < 5; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const pick = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? Number.NaN;
  return { label, medianMs: pick(0.5), p95Ms: pick(0.95) };
}

const big = observation(10_000, 10_000);
const bigPolicy = policy('big', 20_000);
const small = Array.from({ length: 100 }, (_, i) => ({
  obs: observation(100, 50),
  policy: policy(`pool-${i}`, 200),
}));

const results = [
  measure('1 pool, 10,000 workers + 10,000 queued jobs', 30, () => decide(big, bigPolicy)),
  measure('100 pools x 100 workers (+50 queued each), all pools', 30, () => {
    for (const p of small) decide(p.obs, p.policy);
  }),
];
for (const r of results) {
  console.log(`${r.label}: median ${r.medianMs.toFixed(2)} ms, p95 ${r.p95Ms.toFixed(2)} ms`);
}
const goal = results[0]?.medianMs ?? Number.NaN;
console.log(`goal: 10k/10k under 20 ms -> ${goal < 20 ? 'met' : 'NOT met'} (${goal.toFixed(2)} ms)`);
await mkdir(new URL('results/', import.meta.url), { recursive: true });
await writeFile(
  new URL('results/core.json', import.meta.url),
  `${JSON.stringify({ node: process.version, results }, null, 2)}\n`,
);
