import { toPolicy, toUnits, type Config } from '../config/index.js';
import { ConfigError, InputError, type Problem } from '../core/errors.js';
import type { Clock } from '../core/types.js';
import { Engine } from '../engine/engine.js';
import type { PoolRuntime } from '../engine/pool-runtime.js';
import { storeMemo } from '../engine/provider-memo.js';
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
  /** Receives the config's secrets, masked for as long as the process runs. */
  readonly maskSecret: (value: string) => void;
  /** Receives each launch's secrets (JIT configs); default maskSecret. */
  readonly maskLaunchSecret?: (value: string) => void;
}

export interface Built {
  readonly engine: Engine;
  readonly pools: readonly PoolRuntime[];
  readonly store: StateStore;
  close(): Promise<void>;
}

const SECRET_ENV = /TOKEN|SECRET|PASSWORD|PRIVATE|CREDENTIAL/i;

/** Every secret the config holds, so runtimes can mask them before anything is printed. */
export function configSecrets(config: Config): string[] {
  const out: string[] = [];
  for (const pool of config.pools) {
    const s = pool.source;
    if (s.type === 'github') out.push(...[s.token, s.privateKey].filter((v): v is string => v !== undefined));
    if (s.type === 'tfc') out.push(s.token);
    // Agent containers get their token through env (TFC_AGENT_TOKEN): mask what looks like one.
    const env = pool.provider.type === 'docker' ? (pool.provider.env ?? {}) : {};
    for (const [key, value] of Object.entries(env)) if (SECRET_ENV.test(key) && value !== '') out.push(value);
  }
  const server = config.server;
  out.push(
    ...[
      server.webhookSecret,
      server.apiToken,
      server.awsEventsSecret,
      ...(server.previousWebhookSecrets ?? []),
    ].filter((v): v is string => v !== undefined),
  );
  return out;
}

async function buildPools(
  config: Config,
  deps: BuildDeps,
  store: StateStore,
  only?: string,
): Promise<PoolRuntime[]> {
  const shared = new Map<string, unknown>();
  const problems: Problem[] = [];
  const pools: PoolRuntime[] = [];
  for (const [i, pool] of config.pools.entries()) {
    const units = toUnits(pool).filter(
      (u) => only === undefined || only === pool.name || only === u.policy.name,
    );
    if (units.length === 0) continue;
    try {
      const source = await createSource(pool.source, { ...deps, shared }, `pools[${i}].source`);
      const policy = toPolicy(pool);
      const memo = storeMemo(store, pool.name);
      // One provider per pool: the services of a replica pool share its client.
      const provider = await createProvider(
        pool.provider,
        { ...deps, pool: policy, memo },
        `pools[${i}].provider`,
      );
      for (const unit of units) pools.push({ ...unit, source, provider });
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
export async function buildEngine(
  config: Config,
  deps: BuildDeps,
  only?: string,
  /** What the runtime calls the option that named `only`, for the error. */
  onlyOption = '--pool',
): Promise<Built> {
  const secrets = configSecrets(config);
  for (const secret of secrets) deps.maskSecret(secret);
  const names = config.pools.flatMap((p) => [p.name, ...toUnits(p).map((u) => u.policy.name)]);
  if (only !== undefined && !names.includes(only)) {
    const known = [...new Set(names)].join(', ');
    // The option is wrong, not the config: an InputError, not a ConfigError.
    throw new InputError('no such pool', [
      { path: onlyOption, message: `no pool "${only}" (pools: ${known})` },
    ]);
  }
  const store = await createStateStore(config.state, { clock: deps.clock, cwd: deps.cwd, env: deps.env });
  const pools = await buildPools(config, deps, store, only);
  const engine = new Engine({
    pools,
    store,
    clock: deps.clock,
    logger: deps.logger,
    owner: deps.owner,
    maskSecret: deps.maskLaunchSecret ?? deps.maskSecret,
    secrets,
  });
  return { engine, pools, store, close: () => store.close() };
}
