import { toPolicy, type Config } from '../config/index.js';
import { ConfigError, type Problem } from '../core/errors.js';
import type { Clock } from '../core/types.js';
import { Engine } from '../engine/engine.js';
import type { PoolRuntime } from '../engine/pool-runtime.js';
import { createProvider } from '../providers/registry.js';
import { createSource } from '../sources/registry.js';
import { createStateStore } from '../state/index.js';
import type { StateStore } from '../state/store.js';
import type { Logger } from '../telemetry/logger.js';

export interface BuildDeps {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Lock owner id of this process. */
  readonly owner: string;
  readonly maskSecret: (value: string) => void;
}

export interface Built {
  readonly engine: Engine;
  readonly pools: readonly PoolRuntime[];
  readonly store: StateStore;
  close(): Promise<void>;
}

/** Every secret the config holds, so runtimes can mask them before anything is printed. */
export function configSecrets(config: Config): string[] {
  const out: string[] = [];
  for (const pool of config.pools) {
    const s = pool.source;
    if (s.type === 'github') out.push(...[s.token, s.privateKey].filter((v): v is string => v !== undefined));
    if (s.type === 'tfc') out.push(s.token);
  }
  const server = config.server;
  out.push(
    ...[server.webhookSecret, server.apiToken, ...(server.previousWebhookSecrets ?? [])].filter(
      (v): v is string => v !== undefined,
    ),
  );
  return out;
}

async function buildPools(config: Config, deps: BuildDeps, only?: string): Promise<PoolRuntime[]> {
  const shared = new Map<string, unknown>();
  const problems: Problem[] = [];
  const pools: PoolRuntime[] = [];
  for (const [i, pool] of config.pools.entries()) {
    if (only !== undefined && pool.name !== only) continue;
    try {
      const source = await createSource(pool.source, { ...deps, shared }, `pools[${i}].source`);
      const provider = await createProvider(pool.provider, deps, `pools[${i}].provider`);
      pools.push({ policy: toPolicy(pool), source, provider });
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems.push(...err.problems);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return pools;
}

/**
 * Composes an engine from a validated config: the state store, and for each pool (or only
 * `only`) its source and provider, each loaded lazily by type.
 */
export async function buildEngine(config: Config, deps: BuildDeps, only?: string): Promise<Built> {
  for (const secret of configSecrets(config)) deps.maskSecret(secret);
  if (only !== undefined && !config.pools.some((p) => p.name === only)) {
    throw new ConfigError([
      { path: '--pool', message: `no pool "${only}" (pools: ${config.pools.map((p) => p.name).join(', ')})` },
    ]);
  }
  const store = await createStateStore(config.state, { clock: deps.clock, cwd: deps.cwd, env: deps.env });
  const pools = await buildPools(config, deps, only);
  const engine = new Engine({
    pools,
    store,
    clock: deps.clock,
    logger: deps.logger,
    owner: deps.owner,
    maskSecret: deps.maskSecret,
  });
  return { engine, pools, store, close: () => store.close() };
}
