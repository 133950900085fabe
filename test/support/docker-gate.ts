/**
 * Whether docker test suites run. Where no daemon can be started they are skipped with
 * the reason in the suite title; under CI=true they always run, so a missing daemon
 * fails the run instead of passing it quietly.
 */
import { dockerAvailability, type DockerAvailability } from './dockerd.js';

export type DockerGate =
  | { readonly skip: false; title(name: string): string }
  | { readonly skip: true; readonly reason: string; title(name: string): string };

export function dockerGate(
  env: Readonly<Record<string, string | undefined>> = process.env,
  availability: DockerAvailability = dockerAvailability(),
): DockerGate {
  if (availability.ok || env['CI'] === 'true') return { skip: false, title: (name) => name };
  const { reason } = availability;
  return { skip: true, reason, title: (name) => `${name} (skipped: ${reason})` };
}
