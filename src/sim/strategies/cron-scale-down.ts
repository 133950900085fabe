import { healthy, towards, unboundQueued, type Strategy } from './strategy.js';

const MIN_LIFETIME_MS = 5 * 60_000;

/** Scale up per queued event; a cron every 5 minutes removes idle workers at least 5 minutes old. */
export const cronScaleDown: Strategy = {
  name: 'cron-scale-down',
  describe: 'launch one worker per queued event; every 5 min remove idle workers older than 5 min',
  hearsEvents: true,
  intervalMs: 5 * 60_000,
  createDecide: () => (obs, policy) => {
    const alive = healthy(obs, policy);
    if (obs.complete === false) return towards(obs, policy, alive.length + unboundQueued(obs));
    const old = alive.filter(
      (w) => w.state === 'idle' && w.createdAt !== undefined && obs.now - w.createdAt >= MIN_LIFETIME_MS,
    );
    // Oldest first, whatever the pool's victimOrder: the victims are then the old idle ones.
    return towards(
      obs,
      { ...policy, victimOrder: 'oldest' },
      Math.max(policy.min, alive.length - old.length),
    );
  },
};
