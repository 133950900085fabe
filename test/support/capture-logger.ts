import type { Logger } from '../../src/telemetry/logger.js';

export interface LogRecord {
  readonly level: keyof Logger;
  readonly message: string;
  readonly fields?: Record<string, unknown>;
}

/** A Logger that keeps every record, so tests can assert on what was (and was not) logged. */
export function captureLogger(): Logger & { readonly records: LogRecord[]; text(): string } {
  const records: LogRecord[] = [];
  const log = (level: keyof Logger) => (message: string, fields?: Record<string, unknown>) => {
    records.push({ level, message, ...(fields !== undefined && { fields }) });
  };
  return {
    records,
    text: () => records.map((r) => JSON.stringify(r)).join('\n'),
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
  };
}
