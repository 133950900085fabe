/** Runs a TypeScript fixture from ./fixtures in a child Node process through tsx. */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface Fixture {
  readonly child: ChildProcess;
  /** Resolves with the next line the child prints; rejects if it exits first. */
  nextLine(): Promise<string>;
  /** Resolves with the exit code (or signal) once the child has exited and been reaped. */
  readonly exited: Promise<number | NodeJS.Signals>;
}

export function spawnFixture(name: string, args: readonly string[]): Fixture {
  const script = fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
  // cwd at the repo root so `--import tsx` resolves from its node_modules.
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: REPO_ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit').then(([code, signal]) => (code ?? signal) as number | NodeJS.Signals);
  if (child.stdout === null) throw new Error('spawned without a stdout pipe');
  const lines: string[] = [];
  const waiting: ((line: string | undefined) => void)[] = [];
  let ended = false;
  const reader = createInterface({ input: child.stdout });
  reader.on('line', (line) => {
    const waiter = waiting.shift();
    if (waiter === undefined) lines.push(line);
    else waiter(line);
  });
  reader.on('close', () => {
    ended = true;
    for (const waiter of waiting.splice(0)) waiter(undefined);
  });
  const nextLine = async (): Promise<string> => {
    const line =
      lines.shift() ??
      (ended ? undefined : await new Promise<string | undefined>((resolve) => waiting.push(resolve)));
    if (line === undefined)
      throw new Error(`fixture ${name} ended its output (exit: ${String(await exited)})`);
    return line;
  };
  return { child, nextLine, exited };
}
