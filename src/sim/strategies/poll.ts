import { countJobs, towards, type Strategy } from './strategy.js';

/** A cron or controller that counts queued + in-progress jobs every 30 s and hears no events. */
export const poll30s: Strategy = {
  name: 'poll-30s',
  describe: 'every 30 s: desired = queued + in progress; idle workers above it go at once; no events',
  hearsEvents: false,
  intervalMs: 30_000,
  createDecide: () => (obs, policy) =>
    towards(obs, policy, Math.max(policy.min, countJobs(obs, 'queued') + countJobs(obs, 'running'))),
};
