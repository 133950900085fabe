/**
 * Decision quality and simulator speed (not part of `npm test`). For each bundled trace,
 * the demo config under ci-scaler and every comparison strategy: p95 wait and idle share
 * next to the cold-start baseline. Goals, reported met or not: on the weekday trace with
 * the default `balanced` policy, p95 wait at most 1.1x the boot p95 and idle at most 15%
 * of busy; against each strategy, less idle at equal or lower p95 wait; a week of 50,000
 * jobs over 3 pools simulated in under 10 s. Also, without a goal: the other presets, what
 * `scaleUp.after` adds to waits, how much idle the scale-in delays hold, and a Terraform
 * agent pool on generated runs. Writes
 * bench/results/sim.json.
 */
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { parseConfigDocument, validateConfig } from '../src/config/index.js';
import { compareStrategies } from '../src/sim/compare.js';
import { DEMO_CONFIG } from '../src/sim/demo-defaults.js';
import { simPoolsOf, type SimPool } from '../src/sim/sim-pool.js';
import { simulate } from '../src/sim/simulate.js';
import { ciScaler, COMPARISONS, PRESET_VARIANTS } from '../src/sim/strategies/index.js';
import { parseTrace } from '../src/sim/trace-file.js';
import { generateTrace } from '../src/sim/trace-generate.js';
import { hostReference } from './support/host-reference.js';
import type { SimulationReport, Trace } from '../src/sim/types.js';

const root = new URL('..', import.meta.url);
const pools = simPoolsOf(validateConfig(parseConfigDocument(DEMO_CONFIG, 'demo.yaml'), {}, 'demo.yaml'));
const pct = (part: number, whole: number) => (whole > 0 ? (100 * part) / whole : 0);
/** Worker seconds as hours; two decimals by default, as the idle figures are fractions of an hour. */
const hours = (seconds: number, digits = 2): string => (seconds / 3600).toFixed(digits);
const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');

function table(report: SimulationReport): string[] {
  const cold = report.baselines.coldStart.wait;
  const lines = [
    `  ${'strategy'.padEnd(20)} ${'p95 wait s'.padStart(10)} ${'idle/busy'.padStart(10)} ${'cost'.padStart(8)} ${'idle h'.padStart(7)} ${'to a job'.padStart(8)} ${'wasted'.padStart(6)}`,
    `  ${'cold-start baseline'.padEnd(20)} ${cold.p95.toFixed(0).padStart(10)} ${'0.0 %'.padStart(10)} ${report.baselines.coldStart.cost.toFixed(2).padStart(8)} ${'0.00'.padStart(7)} ${'0.00'.padStart(8)} ${'–'.padStart(6)}`,
  ];
  for (const r of report.results) {
    const o = r.overall;
    // A strategy that started no job has no wait to show (cron-scale-down hears no run events).
    const p95 = o.wait.count === 0 ? `– (${o.neverStarted} never started)` : o.wait.p95.toFixed(0);
    lines.push(
      `  ${r.strategy.padEnd(20)} ${p95.padStart(10)} ${`${pct(o.idleSeconds, o.busySeconds).toFixed(1)} %`.padStart(10)} ${o.cost.toFixed(2).padStart(8)} ${hours(o.idleSeconds).padStart(7)} ${hours(o.idleUntilJobSeconds).padStart(8)} ${String(o.wastedLaunches).padStart(6)}`,
    );
  }
  return lines;
}

function goals(report: SimulationReport): string[] {
  const [own, ...others] = report.results;
  if (own === undefined) return [];
  const o = own.overall;
  const boot = report.baselines.coldStart.wait.p95;
  const idle = pct(o.idleSeconds, o.busySeconds);
  const out = [
    `  p95 wait ${o.wait.p95.toFixed(0)} s = ${(o.wait.p95 / boot).toFixed(2)}x boot p95 ${boot.toFixed(0)} s (goal <= 1.1x): ${verdict(o.wait.p95 <= 1.1 * boot)}`,
    `  idle ${idle.toFixed(1)} % of busy (goal <= 15 %): ${verdict(idle <= 15)}`,
  ];
  for (const r of others) {
    const ok = o.idleSeconds < r.overall.idleSeconds && o.wait.p95 <= r.overall.wait.p95;
    out.push(
      `  vs ${r.strategy}: idle ${hours(o.idleSeconds, 1)} h vs ${hours(r.overall.idleSeconds, 1)} h (${hours(o.idleSeconds - o.idleUntilJobSeconds)} h vs ${hours(r.overall.idleSeconds - r.overall.idleUntilJobSeconds)} h of it never ran a job), p95 ${o.wait.p95.toFixed(0)} s vs ${r.overall.wait.p95.toFixed(0)} s (goal: less idle at equal or lower p95): ${verdict(ok)}`,
    );
  }
  // Where ci-scaler's idle comes from, beside the goal it misses: a linux job that a large
  // or arm64 runner took leaves the linux worker launched for it with no job of its own.
  out.push(
    `  ci-scaler: ${o.ranElsewhere} jobs ran on another pool's runner, each leaving the worker launched for it over; of its ${hours(o.idleSeconds)} h idle, ${hours(o.idleUntilJobSeconds)} h ended in a job that then waited no boot`,
  );
  return out;
}

const results: Record<string, unknown> = {};
const parsed = new Map<string, Trace>();
const traces = (await readdir(new URL('examples/traces/', root))).filter((f) => f.endsWith('.jsonl')).sort();
for (const file of traces) {
  const text = await readFile(new URL(`examples/traces/${file}`, root), 'utf8');
  const trace = parseTrace(text, file);
  parsed.set(file, trace);
  const t0 = performance.now();
  const report = await compareStrategies({
    pools,
    trace,
    seed: 1,
    compare: [...COMPARISONS.values()],
    config: 'demo.yaml',
    traceName: file,
  });
  const ms = performance.now() - t0;
  console.log(
    `\n${file}: ${trace.jobs.length} jobs, ${report.results.length} strategies in ${(ms / 1000).toFixed(1)} s`,
  );
  for (const line of table(report)) console.log(line);
  if (file === 'weekday.jsonl') for (const line of goals(report)) console.log(line);
  results[file] = {
    ms,
    report: { ...report, results: report.results.map((r) => ({ ...r, timeline: [], waits: [] })) },
  };
}

/**
 * One seed's p95 moves by a few seconds with the boot times it happens to draw: the same
 * comparison over several seeds says which differences are the rules' and which are luck.
 */
async function overSeeds(
  trace: Trace,
  file: string,
  seeds: readonly number[],
): Promise<Record<string, unknown>> {
  const by = new Map<string, { p95: number[]; idle: number[] }>();
  for (const seed of seeds) {
    const report = await compareStrategies({
      pools,
      trace,
      seed,
      // The other presets too: what each trades on the same seeds (no goal is set for them).
      compare: [...COMPARISONS.values(), ...PRESET_VARIANTS.values()].filter(
        (s) => s.name !== `${ciScaler.name}:balanced`,
      ),
      config: 'demo.yaml',
      traceName: file,
    });
    for (const r of report.results) {
      const entry = by.get(r.strategy) ?? { p95: [], idle: [] };
      entry.p95.push(r.overall.wait.p95);
      entry.idle.push(r.overall.idleSeconds / 3600);
      by.set(r.strategy, entry);
    }
  }
  const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const span = (xs: readonly number[], digits: number) =>
    `${mean(xs).toFixed(digits)} (${Math.min(...xs).toFixed(digits)}-${Math.max(...xs).toFixed(digits)})`;
  console.log(`\n${file} over seeds ${seeds.join(', ')}: mean (min-max)`);
  console.log(`  ${'strategy'.padEnd(24)} ${'p95 wait s'.padStart(16)} ${'idle h'.padStart(18)}`);
  for (const [name, e] of by)
    console.log(`  ${name.padEnd(24)} ${span(e.p95, 1).padStart(16)} ${span(e.idle, 2).padStart(18)}`);
  const own = by.get(ciScaler.name);
  if (own !== undefined)
    for (const [name, e] of by) {
      if (!COMPARISONS.has(name)) continue;
      const ok = mean(own.idle) < mean(e.idle) && mean(own.p95) <= mean(e.p95);
      console.log(`  vs ${name}: less idle at equal or lower p95, on the means: ${verdict(ok)}`);
    }
  return Object.fromEntries(by);
}
type PolicyEdit = (policy: SimPool['policy']) => SimPool['policy'];

/** ci-scaler on the same seeds with one policy change on every pool: means, against the first. */
async function policySweep(
  title: string,
  trace: Trace,
  seeds: readonly number[],
  variants: readonly (readonly [string, PolicyEdit])[],
): Promise<Record<string, unknown>> {
  console.log(`\nweekday.jsonl ${title}, seeds ${seeds.join(', ')}: means`);
  const out: Record<string, unknown> = {};
  let base: number | undefined;
  for (const [label, edit] of variants) {
    const edited = pools.map((p) => ({ ...p, policy: edit(p.policy) }));
    let p95 = 0;
    let idle = 0;
    for (const seed of seeds) {
      const r = await simulate({ pools: edited, trace, strategy: ciScaler, seed });
      p95 += r.overall.wait.p95 / seeds.length;
      idle += r.overall.idleSeconds / 3600 / seeds.length;
    }
    base ??= p95;
    console.log(
      `  ${label.padEnd(28)}: p95 wait ${p95.toFixed(1)} s (${p95 >= base ? '+' : ''}${(p95 - base).toFixed(1)} s), idle ${idle.toFixed(2)} h`,
    );
    out[label] = { p95, idle };
  }
  return out;
}

/**
 * `scaleUp.after`: a held launch goes out when it falls due (the simulator reconciles
 * then, as `serve` does), so p95 wait should grow by about the delay, not by up to an
 * interval more. Informational: no goal is set for it.
 */
const scaleUpAfter = (trace: Trace, seeds: readonly number[]) =>
  policySweep(
    'with scaleUp.after on every pool',
    trace,
    seeds,
    [0, 10, 30].map(
      (after) => [`scaleUp.after ${after}s`, (p) => ({ ...p, scaleUpAfterMs: after * 1000 })] as const,
    ),
  );

/**
 * How much of ci-scaler's idle time the scale-in delays of rule 5 hold, down to none at
 * all: what is left at 0s/0s is workers launched for a job another pool's runner took,
 * idle until the next job or the next check. Informational, beside the "less idle" goal.
 */
const scaleDownDelays = (trace: Trace, seeds: readonly number[]) =>
  policySweep(
    'with scale-in delays (scaleDown.after / cooldown) on every pool',
    trace,
    seeds,
    (
      [
        [120, 300, 'balanced'],
        [30, 120, 'aggressive'],
        [0, 0, 'none'],
      ] as const
    ).map(
      ([after, cooldown, name]) =>
        [
          `${after}s / ${cooldown}s (${name})`,
          (p) => ({ ...p, scaleDownAfterMs: after * 1000, scaleDownCooldownMs: cooldown * 1000 }),
        ] as const,
    ),
  );

const weekday = parsed.get('weekday.jsonl');
if (weekday !== undefined) {
  results['weekday-seeds'] = await overSeeds(weekday, 'weekday.jsonl', [1, 2, 3, 4, 5]);
  results['scale-up-after'] = await scaleUpAfter(weekday, [1, 2, 3, 4, 5]);
  results['scale-down-delays'] = await scaleDownDelays(weekday, [1, 2, 3, 4, 5]);
}

/**
 * A Terraform agent pool (ECS service, agents that take run after run) on a generated
 * week of plans and applies. Informational: the issue's goals are for the weekday trace.
 */
const TERRAFORM_CONFIG = `
pools:
  - name: tf-agents
    source: { type: tfc, organization: acme, agentPool: apool-1, token: not-used }
    provider: { type: ecs, region: eu-west-1, cluster: ci, services: [{ name: tfc-agents }] }
    max: 10
    simulation: { boot: { median: 40s, p95: 75s }, failAtBoot: 0.01, pricePerHour: 0.05 }
`;
const runs = generateTrace({ pattern: 'terraform', jobs: 2_000, days: 5, seed: 3 });
const tfReport = await compareStrategies({
  pools: simPoolsOf(validateConfig(parseConfigDocument(TERRAFORM_CONFIG, 'tf.yaml'), {}, 'tf.yaml')),
  trace: runs,
  seed: 1,
  compare: [...COMPARISONS.values()],
  config: 'tf.yaml',
  traceName: 'terraform',
});
console.log(`
terraform (generated, ${runs.jobs.length} runs over 5 days) on one ECS agent pool, max 10:`);
for (const line of table(tfReport)) console.log(line);
results['terraform'] = {
  report: { ...tfReport, results: tfReport.results.map((r) => ({ ...r, timeline: [], waits: [] })) },
};

const week = generateTrace({ pattern: 'weekday', jobs: 50_000, days: 7, seed: 9 });
// 50,000 jobs in a week's working hours peak near 200 at once: pools sized for that load,
// not the demo's (a saturated pool measures its queue, not the simulator).
const bigPools = pools.map((p) => ({ ...p, policy: { ...p.policy, max: p.policy.max * 8 } }));
// Three runs, judged on the median: on a shared 2-core machine one run moves by +-15 %.
const RUNS = 3;
const hostBefore = hostReference();
const times: number[] = [];
let big: Awaited<ReturnType<typeof simulate>> | undefined;
for (let i = 0; i < RUNS; i++) {
  const t0 = performance.now();
  big = await simulate({ pools: bigPools, trace: week, strategy: ciScaler, seed: 1 });
  times.push((performance.now() - t0) / 1000);
}
if (big === undefined) throw new Error('no run of the 50,000-job week');
const seconds = [...times].sort((a, b) => a - b)[Math.floor(RUNS / 2)] ?? Number.NaN;
const simulated = week.jobs.reduce((m, j) => Math.max(m, j.at), 0);
console.log(
  `\n50,000-job week: p95 wait ${big.overall.wait.p95.toFixed(0)} s, idle ${pct(big.overall.idleSeconds, big.overall.busySeconds).toFixed(1)} % of busy, ${big.overall.neverStarted} never started`,
);
console.log(
  `speed: a week of ${week.jobs.length} jobs over ${pools.length} pools (${big.overall.reconciles} reconciles) in ${seconds.toFixed(1)} s, the median of ${times.map((t) => t.toFixed(1)).join(' / ')} s = ${(simulated / seconds).toFixed(0)} simulated s per s (goal < 10 s): ${verdict(seconds < 10)}`,
);
const hostAfter = hostReference();
console.log(
  `host reference (a fixed sort and JSON round trip, no ci-scaler code): ${hostBefore.toFixed(2)} s before, ${hostAfter.toFixed(2)} s after; compare it across runs to tell a slower host from slower code`,
);
results['speed'] = {
  hostReferenceSeconds: { before: hostBefore, after: hostAfter },
  jobs: week.jobs.length,
  pools: pools.length,
  seconds,
  runs: times,
  reconciles: big.overall.reconciles,
};
await mkdir(new URL('bench/results/', root), { recursive: true });
await writeFile(new URL('bench/results/sim.json', root), `${JSON.stringify(results, null, 2)}\n`);
