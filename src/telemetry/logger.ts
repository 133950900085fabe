/** The logging seam: runtimes pick an adapter (JSON lines, actions core); code below takes this. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

type Level = keyof Logger;
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/**
 * JSON lines to a writer (stderr by default). Values listed in `secrets` are replaced
 * before anything is written, so a token that slips into a message never reaches a log.
 */
export function jsonLogger(options: {
  write: (line: string) => void;
  level?: Level;
  secrets?: () => readonly string[];
  clock?: () => number;
}): Logger {
  const min = ORDER[options.level ?? 'info'];
  const log = (level: Level) => (message: string, fields?: Record<string, unknown>) => {
    if (ORDER[level] < min) return;
    const at = options.clock ? new Date(options.clock()).toISOString() : undefined;
    let line = JSON.stringify({ level, ...(at !== undefined && { at }), msg: message, ...fields });
    for (const s of options.secrets?.() ?? []) {
      if (s.length === 0) continue;
      // A secret inside a JSON string is escaped there: mask both spellings.
      for (const form of [s, JSON.stringify(s).slice(1, -1)]) line = line.split(form).join('***');
    }
    options.write(line);
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}
