import { decide } from '../../core/decide.js';
import type { Strategy } from './strategy.js';

export const ciScaler: Strategy = {
  name: 'ci-scaler',
  describe: "ci-scaler's own rules (core decide()) with webhook events and each pool's reconcile interval",
  hearsEvents: true,
  createDecide: () => decide,
};
