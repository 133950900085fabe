/**
 * The capacity classes a pool's workers come in, as its provider labels them (a worker's
 * `capacityClass`): EC2 spot and on-demand, GCP spot, one per ECS service. The simulator
 * prices a worker by its class (`simulation.pricePerHour` may name one price per class).
 */
import { DEFAULT_CAPACITY_CLASS } from './ecs-schema.js';
import type { ProviderConfig } from './provider-schema.js';

/** Every class the provider can start a worker in; the one it tries first comes first. */
export function workerClasses(provider: ProviderConfig): string[] {
  switch (provider.type) {
    case 'ec2':
      // `prefer` launches spot and falls back to on-demand on capacity errors.
      return { prefer: ['spot', 'on-demand'], only: ['spot'], never: ['on-demand'] }[provider.spot];
    case 'gcp':
      return [provider.spot ? 'spot' : DEFAULT_CAPACITY_CLASS];
    case 'ecs':
      return provider.services.map((s) => s.class);
    default:
      return [DEFAULT_CAPACITY_CLASS];
  }
}
