/** The docker test harness itself (no daemon needed). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isStaticElf } from '../../support/busybox.js';
import { dockerGate } from '../../support/docker-gate.js';
import { dockerdArgs } from '../../support/dockerd.js';

describe('docker test harness', () => {
  it('skips with the reason where no daemon can start, but never under CI=true', () => {
    const missing = { ok: false, reason: 'dockerd is not on PATH' } as const;
    const local = dockerGate({}, missing);
    expect(local.skip).toBe(true);
    expect(local.title('docker provider')).toBe('docker provider (skipped: dockerd is not on PATH)');
    expect(dockerGate({ CI: 'true' }, missing).skip).toBe(false);
    expect(dockerGate({}, { ok: true }).skip).toBe(false);
  });

  it('starts dockerd isolated: own dirs and socket, no bridge, no firewall changes', () => {
    const args = dockerdArgs('/tmp/d');
    expect(args).toEqual(
      expect.arrayContaining([
        '--data-root=/tmp/d/data',
        '--exec-root=/tmp/d/exec',
        '--host=unix:///tmp/d/docker.sock',
        '--pidfile=/tmp/d/dockerd.pid',
        '--bridge=none',
        '--iptables=false',
        '--ip-masq=false',
      ]),
    );
  });

  it('tells a static binary from a dynamic one', () => {
    // node is dynamically linked on every platform these tests run on.
    expect(isStaticElf(readFileSync(process.execPath))).toBe(false);
    expect(() => isStaticElf(Buffer.from('#!/bin/sh\n'.padEnd(64)))).toThrow(/not an ELF/);
  });
});
