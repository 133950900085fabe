/**
 * GitHub's matching rule: a runner can take a job when every label of the job is among
 * the runner's labels, compared case-insensitively.
 * https://docs.github.com/en/actions/hosting-your-own-runners/managing-self-hosted-runners/using-labels-with-self-hosted-runners
 */
export function labelsMatch(jobLabels: readonly string[], poolLabels: readonly string[]): boolean {
  const have = new Set(poolLabels.map((l) => l.toLowerCase()));
  return jobLabels.every((l) => have.has(l.toLowerCase()));
}
