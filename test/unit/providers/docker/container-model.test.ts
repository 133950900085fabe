/** Unit tests (no daemon): the container a launch asks for, and a listed container as a Machine. */
import type Dockerode from 'dockerode';
import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../../../src/core/errors.js';
import { containerCreateOptions, stopSeconds } from '../../../../src/providers/docker/container-spec.js';
import { isRetryable, toProviderError } from '../../../../src/providers/docker/docker-errors.js';
import {
  exitCodeFromStatus,
  machineState,
  toMachine,
} from '../../../../src/providers/docker/machine-state.js';

describe('docker container spec', () => {
  const config = { image: 'runner:1', stopTimeout: 30_000 };

  it('sets only the limits that are configured', () => {
    const options = containerCreateOptions(config, { pool: 'p', name: 'p-1-1', env: {} });
    expect(options.HostConfig).toEqual({});
    expect(options).toMatchObject({ name: 'p-1-1', Image: 'runner:1', StopTimeout: 30, Env: [] });
    expect(options.Labels).not.toHaveProperty('ci-scaler.job');
  });

  it('lets the ci-scaler labels win over configured ones', () => {
    // The schema refuses `ci-scaler.*` keys; this guards the order should one slip through.
    const options = containerCreateOptions(
      { ...config, labels: { 'ci-scaler.pool': 'forged', team: 'ci' } },
      { pool: 'p', name: 'p-1-1', jobId: '1', env: {} },
    );
    expect(options.Labels).toEqual({
      'ci-scaler.pool': 'p',
      'ci-scaler.worker': 'p-1-1',
      'ci-scaler.job': '1',
      'ci-scaler.created-by': 'ci-scaler',
      team: 'ci',
    });
  });

  it('rounds a sub-second stop timeout up, so it never means "kill at once"', () => {
    expect(stopSeconds(0)).toBe(0);
    expect(stopSeconds(1)).toBe(1);
    expect(stopSeconds(1_500)).toBe(2);
  });
});

describe('docker machine state', () => {
  it.each([
    ['created', 'starting'],
    ['restarting', 'starting'],
    ['running', 'running'],
    ['paused', 'running'],
    ['exited', 'exited'],
    ['dead', 'exited'],
    ['removing', 'exited'],
    ['something-new', 'running'],
  ] as const)('%s -> %s', (state, machine) => {
    expect(machineState(state)).toBe(machine);
  });

  it('reads the exit code from the list status', () => {
    expect(exitCodeFromStatus('Exited (3) 2 seconds ago')).toBe(3);
    expect(exitCodeFromStatus('Exited (137) About a minute ago')).toBe(137);
    expect(exitCodeFromStatus('Up 3 seconds')).toBeUndefined();
    expect(exitCodeFromStatus('Dead')).toBeUndefined();
  });

  it('maps a listed container, with its name, job and creation time in ms', () => {
    const info = {
      Id: 'abc',
      Names: ['/p-7-1'],
      State: 'exited',
      Status: 'Exited (3) 1 second ago',
      Created: 1_790_000_000,
      Labels: { 'ci-scaler.pool': 'p', 'ci-scaler.job': '7' },
    } as Partial<Dockerode.ContainerInfo> as Dockerode.ContainerInfo;
    expect(toMachine(info, 3)).toEqual({
      name: 'p-7-1',
      state: 'exited',
      createdAt: 1_790_000_000_000,
      jobId: '7',
      exitCode: 3,
    });
    expect(toMachine({ ...info, State: 'running', Labels: {} }, undefined)).toEqual({
      name: 'p-7-1',
      state: 'running',
      createdAt: 1_790_000_000_000,
    });
  });
});

describe('docker errors', () => {
  const http = (statusCode: number, message: string) =>
    Object.assign(new Error(`(HTTP code ${statusCode})`), { statusCode, json: { message } });

  it('retries 5xx and connection failures, not 4xx', () => {
    expect(isRetryable(http(500, 'boom'))).toBe(true);
    expect(isRetryable(http(503, 'busy'))).toBe(true);
    expect(isRetryable(http(400, 'bad'))).toBe(false);
    expect(isRetryable(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isRetryable(Object.assign(new Error('perm'), { code: 'EACCES' }))).toBe(false);
  });

  it("puts the engine's message in the ProviderError", () => {
    const error = toProviderError('starting container p-1-1', http(404, 'network n not found'));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.message).toBe('docker: starting container p-1-1 failed (HTTP 404): network n not found');
    expect(error.retryable).toBe(false);
  });
});
