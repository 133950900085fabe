import pkg from '../../package.json' with { type: 'json' };

/** The Node major version ci-scaler is built and tested for: package.json `engines` (">=24"). */
export const MIN_NODE_MAJOR = Number(/\d+/.exec(pkg.engines.node)?.[0] ?? Number.NaN);

/**
 * A warning for an older Node than the bundle targets, or undefined. Warned, not refused:
 * much still works, but it is untested there (and the simulator ran 2x slower on Node 20).
 */
export function nodeVersionWarning(version: string): string | undefined {
  const major = /^v?(\d+)\./.exec(version)?.[1];
  if (major === undefined || !(Number(major) < MIN_NODE_MAJOR)) return undefined;
  return `warning: ci-scaler is built for Node ${MIN_NODE_MAJOR} or newer; this is Node ${version}, where it is untested and may fail or run slowly\n`;
}
