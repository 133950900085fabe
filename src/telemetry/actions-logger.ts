import type { Logger } from './logger.js';

/** The slice of `@actions/core` that logging uses. */
export interface ActionsLogSink {
  debug(message: string): void;
  info(message: string): void;
  warning(message: string): void;
  error(message: string): void;
}

function line(message: string, fields?: Record<string, unknown>): string {
  return fields === undefined || Object.keys(fields).length === 0
    ? message
    : `${message} ${JSON.stringify(fields)}`;
}

/**
 * Logs through the runner's workflow commands. Masking is the runner's: every secret is
 * registered with `setSecret` before it could reach a line here.
 */
export function actionsLogger(core: ActionsLogSink): Logger {
  return {
    debug: (m, f) => {
      core.debug(line(m, f));
    },
    info: (m, f) => {
      core.info(line(m, f));
    },
    warn: (m, f) => {
      core.warning(line(m, f));
    },
    error: (m, f) => {
      core.error(line(m, f));
    },
  };
}
