/**
 * A fixed CPU workload that shares no code with ci-scaler, timed beside a speed figure:
 * on a shared machine the host's own speed moves by tens of percent from hour to hour,
 * and this tells a slower host from slower code. Same work every run: a seeded sort and
 * a JSON round trip of a fixed document.
 */
function workload(): number {
  // A 32-bit LCG (Numerical Recipes constants): the same numbers on every run.
  let state = 7;
  const next = () => (state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0) / 2 ** 32;
  const values = Array.from({ length: 400_000 }, next);
  values.sort((a, b) => a - b);
  const doc = values.slice(0, 50_000).map((v, i) => ({ id: `w${i}`, v, tags: ['a', 'b'] }));
  const back = JSON.parse(JSON.stringify(doc)) as { v: number }[];
  return back.reduce((s, d) => s + d.v, 0);
}

/** Median seconds of `runs` runs of the workload. */
export function hostReference(runs = 5): number {
  const times: number[] = [];
  let sink = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    sink += workload();
    times.push((performance.now() - t0) / 1000);
  }
  if (!Number.isFinite(sink)) throw new Error('host reference workload went wrong');
  return [...times].sort((a, b) => a - b)[Math.floor(runs / 2)] ?? Number.NaN;
}
