/**
 * Whether browser tests run. Where Debian's chromium is missing they are skipped with the
 * reason in the suite title; under CI=true they always run, so a missing browser fails the
 * run instead of passing it quietly.
 */
import { existsSync } from 'node:fs';

export const CHROMIUM = '/usr/bin/chromium';

/** Flags for a quiet, sandbox-free headless run in a container: no network calls of its own. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface ChromiumGate {
  readonly skip: boolean;
  title(name: string): string;
}

export function chromiumGate(
  env: Readonly<Record<string, string | undefined>> = process.env,
  exists: (path: string) => boolean = existsSync,
): ChromiumGate {
  if (exists(CHROMIUM) || env['CI'] === 'true') return { skip: false, title: (name) => name };
  const reason = `${CHROMIUM} not found (apt-get install -y chromium)`;
  return { skip: true, title: (name) => `${name} (skipped: ${reason})` };
}
