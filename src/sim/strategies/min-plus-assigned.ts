import { countJobs, healthy, towards, unboundQueued, type Strategy } from './strategy.js';

/** desired = min + jobs assigned to the pool (queued + running), recomputed on every message. */
export const minPlusAssigned: Strategy = {
  name: 'min-plus-assigned',
  describe:
    'desired = min + assigned jobs (queued + in progress); a runner per job event; idle above desired go at once',
  hearsEvents: true,
  intervalMs: 30_000,
  createDecide: () => (obs, policy) => {
    if (obs.complete === false) return towards(obs, policy, healthy(obs, policy).length + unboundQueued(obs));
    return towards(obs, policy, policy.min + countJobs(obs, 'queued') + countJobs(obs, 'running'));
  },
};
