/** Config, memo and deps for EC2 provider tests; the config goes through the real schema (defaults included). */
import { ec2ProviderSchema, type Ec2ProviderConfig } from '../../../src/config/ec2-schema.js';
import type { ProviderMemo } from '../../../src/providers/provider.js';
import type { ProviderDeps } from '../../../src/providers/registry.js';
import type { Logger } from '../../../src/telemetry/logger.js';
import { silentLogger } from '../../../src/telemetry/logger.js';
import { poolPolicy } from '../../support/pool-policy.js';

export type Ec2ConfigInput = Partial<
  Omit<Ec2ProviderConfig, 'type' | 'hardLifetime' | 'circuitBreaker' | 'requestTimeout'>
> & {
  readonly hardLifetime?: string;
  readonly requestTimeout?: string;
  readonly circuitBreaker?: { readonly failures?: number; readonly cooldown?: string };
};

export function ec2Config(input: Ec2ConfigInput = {}): Ec2ProviderConfig {
  return ec2ProviderSchema.parse({
    type: 'ec2',
    region: 'eu-west-1',
    launchTemplate: 'lt-0123456789abcdef0',
    ...input,
  });
}

/** An in-process memo with the store memo's read-modify-write contract. */
export function memoryMemo(): ProviderMemo & { readonly values: Map<string, unknown> } {
  const values = new Map<string, unknown>();
  return {
    values,
    get: (key) => Promise.resolve(structuredClone(values.get(key))),
    update: (key, change) => {
      const next = change(structuredClone(values.get(key)));
      values.set(key, structuredClone(next));
      return Promise.resolve(next);
    },
  };
}

export function ec2Deps(
  options: { clock?: () => number; logger?: Logger; memo?: ProviderMemo; pool?: string } = {},
): ProviderDeps {
  return {
    logger: options.logger ?? silentLogger,
    env: {},
    clock: options.clock ?? Date.now,
    pool: poolPolicy(options.pool ?? 'ec2-pool'),
    memo: options.memo ?? memoryMemo(),
  };
}
