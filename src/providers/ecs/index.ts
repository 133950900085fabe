/**
 * The ECS backend module. A registry loads this file with `import()` only when a pool uses
 * `provider: { type: ecs }`, so other runtimes never load the ECS SDK.
 */
import type { EcsProviderConfig } from '../../config/ecs-schema.js';
import type { ReplicaProvider } from '../provider.js';
import type { ProviderDeps } from '../registry.js';
import { createEcsProvider } from './ecs-provider.js';

export const ecsProviderModule = {
  type: 'ecs' as const,
  create: (config: EcsProviderConfig, deps: ProviderDeps): ReplicaProvider => createEcsProvider(config, deps),
};

export { createEcsProvider, type EcsProvider, type EcsProviderDeps } from './ecs-provider.js';
export { expiresInMinutes } from './task-protection.js';
export { toProviderError as ecsProviderError } from './ecs-errors.js';
