import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { loadConfigFile, loadConfigFileOffline, type Config, type OfflineConfig } from '../config/index.js';
import { jsonLogger, type Logger } from '../telemetry/logger.js';
import { buildEngine, type BuildDeps, type Built } from './build-engine.js';
import type { CliIo } from './cli-io.js';

export async function loadConfig(io: CliIo, file: string): Promise<Config> {
  return loadConfigFile(resolve(io.cwd, file), io.env);
}

/** For validate, plan and simulate, which reach no backend: secrets may be unset here. */
export async function loadConfigOffline(io: CliIo, file: string): Promise<OfflineConfig> {
  return loadConfigFileOffline(resolve(io.cwd, file), io.env);
}

/**
 * One `note:` line per variable the config names but this environment lacks: the value
 * stays as its `${env:NAME}` text, which matters when it is not a secret (an owner, a label).
 */
export function unsetEnvNotes(unsetEnv: OfflineConfig['unsetEnv'], command: string): string {
  return unsetEnv
    .map(
      (u) => `note: ${u.path}: ${u.message} here; ${command} does not need it, set it where ci-scaler runs\n`,
    )
    .join('');
}

/**
 * A launch's secret (a JIT config) passes through ci-scaler only while it launches; it is
 * masked this long after, then forgotten, so a server that launches for weeks neither
 * keeps every one nor checks every log line against all of them.
 */
export const LAUNCH_SECRET_MS = 6 * 60 * 60_000;

export interface SecretSink {
  /** A secret for as long as the process runs (the config's). */
  readonly add: (secret: string) => void;
  /** A launch's secret, masked for LAUNCH_SECRET_MS. */
  readonly addLaunch: (secret: string) => void;
  readonly all: () => readonly string[];
}

/** Secrets seen so far; the logger masks every one of them. */
export function secretSink(clock: () => number = Date.now): SecretSink {
  const kept = new Set<string>();
  // Insertion order is expiry order (one lifetime for all): expired ones are at the front.
  const launches = new Map<string, number>();
  return {
    add: (s) => kept.add(s),
    addLaunch: (s) => {
      launches.delete(s);
      launches.set(s, clock() + LAUNCH_SECRET_MS);
    },
    all: () => {
      const now = clock();
      for (const [s, until] of launches) {
        if (until > now) break;
        launches.delete(s);
      }
      return launches.size === 0 ? [...kept] : [...kept, ...launches.keys()];
    },
  };
}

export function cliLogger(io: CliIo, verbose: boolean, secrets: () => readonly string[]): Logger {
  return jsonLogger({
    write: (l) => {
      io.stderr(`${l}\n`);
    },
    level: verbose ? 'info' : 'warn',
    secrets,
    clock: io.clock,
  });
}

/** Loads the config and builds the engine the way every CLI command that acts does. */
export async function buildFromCli(
  io: CliIo,
  opts: { config: string; pool?: string; verbose?: boolean },
): Promise<Built> {
  const config = await loadConfig(io, opts.config);
  const secrets = secretSink(io.clock);
  const logger = cliLogger(io, opts.verbose === true, secrets.all);
  return buildEngine(config, processBuildDeps(io, logger, secrets), opts.pool);
}

/** What a CLI process (a command, or `serve`) builds its engine with: its lock owner id and secrets. */
export function processBuildDeps(io: CliIo, logger: Logger, secrets: SecretSink): BuildDeps {
  return {
    env: io.env,
    cwd: io.cwd,
    clock: io.clock,
    logger,
    owner: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    maskSecret: secrets.add,
    maskLaunchSecret: secrets.addLaunch,
  };
}
