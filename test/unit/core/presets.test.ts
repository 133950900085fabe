import { describe, expect, it } from 'vitest';
import { POLICY_NAMES, PRESETS } from '../../../src/core/presets.js';
import { MIN, SEC } from './builders.js';

describe('policy presets (ARCHITECTURE.md "Presets")', () => {
  it('set scaleDown cooldown and after: 10m/5m, 5m/2m, 2m/30s', () => {
    expect(POLICY_NAMES).toEqual(['conservative', 'balanced', 'aggressive']);
    expect(PRESETS).toEqual({
      conservative: { scaleDownCooldownMs: 10 * MIN, scaleDownAfterMs: 5 * MIN },
      balanced: { scaleDownCooldownMs: 5 * MIN, scaleDownAfterMs: 2 * MIN },
      aggressive: { scaleDownCooldownMs: 2 * MIN, scaleDownAfterMs: 30 * SEC },
    });
  });
});
