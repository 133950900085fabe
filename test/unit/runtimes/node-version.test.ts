import { describe, expect, it } from 'vitest';
import { nodeVersionWarning } from '../../../src/runtimes/node-version.js';
import { runCliCaptured } from '../../support/run-cli.js';

const io = { env: {}, cwd: process.cwd(), clock: () => 0 };

describe('the Node version check', () => {
  it('warns below Node 24 and stays quiet from 24 on, or when the version cannot be read', () => {
    expect(nodeVersionWarning('v20.20.2')).toBe(
      'warning: ci-scaler is built for Node 24 or newer; this is Node v20.20.2, where it is untested and may fail or run slowly\n',
    );
    expect(nodeVersionWarning('v23.11.0')).toContain('Node v23.11.0');
    expect(nodeVersionWarning('v24.0.0')).toBeUndefined();
    expect(nodeVersionWarning('v25.1.0')).toBeUndefined();
    expect(nodeVersionWarning('unknown')).toBeUndefined();
  });

  it('the CLI prints the warning on stderr and still runs the command', async () => {
    const r = await runCliCaptured(['--version'], { ...io, nodeVersion: 'v20.20.2' });
    expect(r.code).toBe(0);
    expect(r.err).toContain('warning: ci-scaler is built for Node 24 or newer; this is Node v20.20.2');
    expect(r.out).toMatch(/^\d+\.\d+\.\d+/);
    const current = await runCliCaptured(['--version'], { ...io, nodeVersion: 'v24.21.0' });
    expect(current.err).toBe('');
  });
});
