/**
 * Found by review: ECS services are scaled by desiredCount, one unit per configured
 * service. Nothing stopped a config from naming the same ECS service twice (in one pool
 * or in two), so two units set different counts on one service and fight.
 * A service's own min above its own max was silently clamped instead of reported.
 */
import { describe, expect, it } from 'vitest';
import { GITHUB_SOURCE, problemsOfDoc } from './helpers.js';

const TFC = { type: 'tfc', organization: 'acme', agentPool: 'apool-1', token: 'tok' };
const ecs = (services: unknown[]) => ({ type: 'ecs', region: 'eu-west-1', cluster: 'ci', services });

describe('ECS services named twice', () => {
  it('refuses one pool listing the same service for two classes', () => {
    const document = {
      pools: [
        {
          name: 'tf',
          source: TFC,
          provider: ecs([{ name: 'agents' }, { name: 'agents', class: 'spot' }]),
          kinds: { plan: 'spot' },
        },
      ],
    };
    expect(problemsOfDoc(document).join('\n')).toMatch(/pools\[0\]\.provider\.services\[1\]\.name: /);
  });

  it('refuses two pools scaling the same service of the same cluster', () => {
    const document = {
      pools: [
        { name: 'tfa', source: TFC, provider: ecs([{ name: 'agents' }]) },
        { name: 'tfb', source: { ...TFC, agentPool: 'apool-2' }, provider: ecs([{ name: 'agents' }]) },
      ],
    };
    expect(problemsOfDoc(document).join('\n')).toMatch(/pools\[1\]\.provider\.services\[0\]\.name: /);
  });

  it('refuses a service whose min is above its max', () => {
    const document = {
      pools: [{ name: 'tf', source: GITHUB_SOURCE, provider: ecs([{ name: 'agents', min: 5, max: 2 }]) }],
    };
    expect(problemsOfDoc(document).join('\n')).toMatch(/pools\[0\]\.provider\.services\[0\]\.max: /);
  });
});
