import { InputError, errorMessage } from '../core/errors.js';

/** What the CLI touches of the outside world, injected so tests run it in-process. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly clock: () => number;
  /** The Node version this runs on (`process.version`), checked against the one ci-scaler needs. */
  readonly nodeVersion?: string;
  /** Whether stderr is a terminal: progress is then redrawn in place. */
  readonly stderrIsTTY?: boolean;
  /**
   * Resolves with a signal's name when a long-running command (`serve`) should stop;
   * SIGTERM / SIGINT of this process when not given.
   */
  readonly stopSignal?: () => Promise<string>;
}

/** Exit codes: 0 success, 1 a backend or runtime failure, 2 bad input (every problem printed). */
export const EXIT = { ok: 0, failure: 1, input: 2 } as const;

/** Prints an error as every command does and gives its exit code: 2 for bad input, else 1. */
export function reportError(io: Pick<CliIo, 'stderr'>, err: unknown): number {
  io.stderr(`error: ${errorMessage(err)}\n`);
  return err instanceof InputError ? EXIT.input : EXIT.failure;
}
