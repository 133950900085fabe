/**
 * Found by review. cron-scale-down models terraform-aws-github-runner's scale-down: every 5 minutes it
 * removes idle workers that have run at least the 5-minute minimum lifetime. A worker
 * younger than that must never be the one removed, whatever the pool's victimOrder.
 */
import { describe, expect, it } from 'vitest';
import { COMPARISONS } from '../../../src/sim/strategies/index.js';
import { MIN, T0, obs, policy, worker } from '../core/builders.js';

const cron = COMPARISONS.get('cron-scale-down');

describe('cron-scale-down', () => {
  it('removes the idle worker past its 5-minute minimum lifetime, not the 1-minute-old one (victimOrder newest)', () => {
    if (cron === undefined) throw new Error('no cron-scale-down');
    const decide = cron.createDecide();
    const old = worker('p-old-1', 'idle', { createdAt: T0 - 10 * MIN });
    const young = worker('p-young-1', 'idle', { createdAt: T0 - 1 * MIN });
    const decision = decide(
      obs({ workers: [old, young], complete: true }),
      policy({ victimOrder: 'newest' }),
    );
    const terminated = decision.actions.flatMap((a) => (a.type === 'terminate' ? [a.workerId] : []));
    expect(terminated).toEqual(['p-old-1']);
  });
});

describe('cron-scale-down on its 5-minute cron', () => {
  it('launches nothing: a worker that never registered is removed, not replaced (launches come only from queued events)', () => {
    if (cron === undefined) throw new Error('no cron-scale-down');
    const decide = cron.createDecide();
    // Booting for 20 min, past bootTimeout (10 min): hygiene removes it. No job is queued.
    const stuck = worker('p-stuck-1', 'booting', { createdAt: T0 - 20 * MIN });
    const decision = decide(obs({ workers: [stuck], complete: true }), policy());
    expect(decision.actions.filter((a) => a.type === 'launch')).toEqual([]);
    expect(decision.actions.flatMap((a) => (a.type === 'terminate' ? [a.workerId] : []))).toEqual([
      'p-stuck-1',
    ]);
  });
});
