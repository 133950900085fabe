/**
 * Policy presets (ARCHITECTURE.md "Decision rules"). A preset only supplies defaults for
 * `scaleDown`; explicit `scaleDown.cooldown` / `scaleDown.after` override it key by key.
 */

export const POLICY_NAMES = ['conservative', 'balanced', 'aggressive'] as const;
export type PolicyName = (typeof POLICY_NAMES)[number];

export interface Preset {
  readonly scaleDownCooldownMs: number;
  readonly scaleDownAfterMs: number;
}

const SECOND = 1_000;
const MINUTE = 60 * SECOND;

export const PRESETS: Readonly<Record<PolicyName, Preset>> = {
  conservative: { scaleDownCooldownMs: 10 * MINUTE, scaleDownAfterMs: 5 * MINUTE },
  balanced: { scaleDownCooldownMs: 5 * MINUTE, scaleDownAfterMs: 2 * MINUTE },
  aggressive: { scaleDownCooldownMs: 2 * MINUTE, scaleDownAfterMs: 30 * SECOND },
};
