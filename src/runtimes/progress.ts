import type { CliIo } from './cli-io.js';

export interface Progress {
  update(done: number, detail: string): void;
  done(): void;
}

const WIDTH = 24;

/**
 * Progress of a long command on stderr: a bar redrawn in place on a terminal; elsewhere
 * (CI logs, pipes) one line each time the detail changes, so logs stay short.
 */
export function progressLine(io: CliIo, label: string): Progress {
  let last = '';
  let drawn = false;
  return {
    update(done, detail) {
      if (io.stderrIsTTY === true) {
        const filled = Math.round(Math.min(1, Math.max(0, done)) * WIDTH);
        const bar = `${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}`;
        io.stderr(`\r${label} [${bar}] ${Math.round(done * 100)}% ${detail}\u001b[K`);
        drawn = true;
      } else if (detail !== last) {
        io.stderr(`${label}: ${detail}\n`);
      }
      last = detail;
    },
    done() {
      if (drawn) io.stderr('\n');
    },
  };
}
