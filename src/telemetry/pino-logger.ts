import { pino } from 'pino';
import { InputError } from '../core/errors.js';
import type { Clock } from '../core/types.js';
import type { Logger } from './logger.js';
import { maskSecrets } from './mask-secrets.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

/** The env variable that sets the server's log level (the config has no key for it). */
export const LOG_LEVEL_ENV = 'CI_SCALER_LOG_LEVEL';

/** A typo in the level is an error, never a silent default. */
export function parseLogLevel(value: string | undefined, name = LOG_LEVEL_ENV): LogLevel {
  if (value === undefined || value === '') return 'info';
  const level = LEVELS.find((l) => l === value.toLowerCase());
  if (level === undefined) {
    throw new InputError('invalid environment', [
      { path: name, message: `must be one of ${LEVELS.join(', ')} (got "${value}")` },
    ]);
  }
  return level;
}

export interface PinoLoggerOptions {
  readonly level: LogLevel;
  /** Read at every line: secrets learnt later (JIT configs) are masked from then on. */
  readonly secrets: () => readonly string[];
  /** Where JSON lines go (each ends with a newline); stdout by default. */
  readonly write?: (line: string) => void;
  readonly clock?: Clock;
}

/**
 * JSON lines through pino. Secrets are masked in the finished line rather than by pino's
 * `redact` (which works on key paths): a token can hide in any message or field value,
 * an error's message included, and only the whole line shows every place it went.
 */
export function pinoLogger(options: PinoLoggerOptions): Logger {
  const write = options.write ?? ((line: string) => void process.stdout.write(line));
  const clock = options.clock ?? Date.now;
  const destination = {
    write: (line: string) => {
      write(maskSecrets(line, options.secrets()));
    },
  };
  const log = pino(
    {
      level: options.level,
      // No pid or hostname on every line: the platform's log collector adds where it ran.
      base: null,
      timestamp: () => `,"time":"${new Date(clock()).toISOString()}"`,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
  const at =
    (level: LogLevel) =>
    (message: string, fields?: Record<string, unknown>): void => {
      if (fields === undefined) log[level](message);
      else log[level](fields, message);
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
