/**
 * GitHub's matching rule: a runner can take a job when every label of the job is among
 * the runner's labels, compared case-insensitively.
 * https://docs.github.com/en/actions/hosting-your-own-runners/managing-self-hosted-runners/using-labels-with-self-hosted-runners
 */
export function labelsMatch(jobLabels: readonly string[], poolLabels: readonly string[]): boolean {
  if (jobLabels.length === 0) return true;
  // Every listing matches the same jobs' label arrays against the same pools: the answer
  // is kept per pair of arrays (both are never changed: they are readonly throughout).
  let answers = matched.get(jobLabels);
  const known = answers?.get(poolLabels);
  if (known !== undefined) return known;
  const have = lowered(poolLabels);
  const answer = jobLabels.every((l) => have.has(l.toLowerCase()));
  if (answers === undefined) {
    answers = new WeakMap();
    matched.set(jobLabels, answers);
  }
  answers.set(poolLabels, answer);
  return answer;
}

const matched = new WeakMap<readonly string[], WeakMap<readonly string[], boolean>>();

/** A `name=value` label whose name the pool's provider reads to choose the machine. */
function isSelection(label: string, selection: readonly string[]): boolean {
  const eq = label.indexOf('=');
  return eq > 0 && selection.includes(label.slice(0, eq).toLowerCase());
}

/** The job's labels that choose its machine (`cpu=4`), for the runner launched for it. */
export function selectionLabelsOf(
  jobLabels: readonly string[],
  selection: readonly string[] | undefined,
): string[] {
  return selection === undefined ? [] : jobLabels.filter((l) => isSelection(l, selection));
}

/**
 * Whether a pool's runners can take the job: its labels, plus the selection labels a
 * runner launched for the job is registered with (`selection`: EC2 labelSelection).
 */
export function poolLabelsMatch(
  jobLabels: readonly string[],
  poolLabels: readonly string[],
  selection: readonly string[] | undefined,
): boolean {
  if (labelsMatch(jobLabels, poolLabels)) return true;
  if (selection === undefined || selection.length === 0) return false;
  return labelsMatch(
    jobLabels.filter((l) => !isSelection(l, selection)),
    poolLabels,
  );
}

/**
 * A pool's labels, lower-cased, by the array itself: every job of every listing is matched
 * against the same few pools, which need not be lower-cased again each time.
 */
const loweredSets = new WeakMap<readonly string[], ReadonlySet<string>>();

function lowered(labels: readonly string[]): ReadonlySet<string> {
  let set = loweredSets.get(labels);
  if (set === undefined) {
    set = new Set(labels.map((l) => l.toLowerCase()));
    loweredSets.set(labels, set);
  }
  return set;
}

/** A pool whose runners can take the jobs written for another pool (`labels` covered). */
export interface CoveredPool {
  /** The pool whose jobs (asking for all of its labels) other runners may take. */
  readonly pool: string;
  readonly labels: readonly string[];
  /** The pool whose runners carry every one of those labels, and more or the same. */
  readonly by: string;
  readonly byLabels: readonly string[];
}

/**
 * Pairs of pools where a job asking for all of one pool's labels also matches the other
 * pool's runners: GitHub may start it on either, and the worker launched for it in its own
 * pool then waits for the next job (the simulator's "ran elsewhere"). Pools without labels
 * (Terraform) are never paired.
 */
export function coveredPools(
  pools: readonly { readonly name: string; readonly labels?: readonly string[] | undefined }[],
): CoveredPool[] {
  const out: CoveredPool[] = [];
  for (const a of pools)
    for (const b of pools) {
      if (a === b || a.labels === undefined || b.labels === undefined || a.labels.length === 0) continue;
      if (labelsMatch(a.labels, b.labels))
        out.push({ pool: a.name, labels: a.labels, by: b.name, byLabels: b.labels });
    }
  return out;
}
