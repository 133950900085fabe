/**
 * Typed errors. Each carries what the edge needs to map it (exit code, HTTP status);
 * the mapping itself happens only in runtimes/.
 */

/** One problem in user input, located by a path such as `pools[1].max`. */
export interface Problem {
  readonly path: string;
  readonly message: string;
}

export function formatProblems(problems: readonly Problem[]): string {
  return problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join('\n');
}

/** Bad user input: config files, observation files, CLI arguments, inputs. */
export class InputError extends Error {
  readonly status = 400;
  readonly problems: readonly Problem[];
  constructor(what: string, problems: readonly Problem[]) {
    super(`${what}:\n${formatProblems(problems)}`);
    this.name = new.target.name;
    this.problems = problems;
  }
}

/** The config is invalid; every problem is listed at once. */
export class ConfigError extends InputError {
  constructor(problems: readonly Problem[], source = 'invalid config') {
    super(source, problems);
  }
}

export interface ProviderErrorOptions {
  /** Trying the same call again later may succeed (throttling, 5xx, network). */
  readonly retryable?: boolean;
  /** Out of capacity (spot, instance type, quota): try another class or wait. */
  readonly capacity?: boolean;
  /** The worker already exists: a launch under a job-derived name is idempotent. */
  readonly alreadyExists?: boolean;
  readonly status?: number;
  readonly cause?: unknown;
}

/** A source or provider call failed. */
export class ProviderError extends Error {
  readonly retryable: boolean;
  readonly capacity: boolean;
  readonly alreadyExists: boolean;
  readonly status: number;
  constructor(message: string, options: ProviderErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.retryable = options.retryable ?? false;
    this.capacity = options.capacity ?? false;
    this.alreadyExists = options.alreadyExists ?? false;
    this.status = options.status ?? 502;
  }
}

/** A compare-and-set write lost: someone else wrote first. */
export class ConflictError extends Error {
  readonly status = 409;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A store was asked for something it declared it cannot do. */
export class UnsupportedError extends Error {
  readonly status = 501;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The state store failed (I/O, corrupt document, unknown schema version). */
export class StateError extends Error {
  readonly status = 503;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The message of anything thrown, for outcomes and log lines. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
