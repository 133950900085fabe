/** Listing, finding and terminating instances over the fake. */
import type { DescribeInstancesCommandInput, TerminateInstancesCommandInput } from '@aws-sdk/client-ec2';
import { afterEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../../../../src/core/errors.js';
import { harness, MIN, T0, type Harness } from './ec2-harness.js';

let h: Harness;
afterEach(() => {
  h.fake.restore();
});

const idOf = (name: string): string => {
  const id = h.fake.instanceOf(name)?.id;
  if (id === undefined) throw new Error(`no instance ${name}`);
  return id;
};

describe('EC2 list', () => {
  it('asks for the pool tag and the live states (and terminated ones, for spot interruptions)', async () => {
    h = harness();
    await h.provider.list(h.pool);
    const [input] = h.fake.inputs<DescribeInstancesCommandInput>('ec2:DescribeInstances');
    expect(input?.Filters).toEqual([
      { Name: 'tag:ci-scaler:pool', Values: ['linux'] },
      {
        Name: 'instance-state-name',
        Values: ['pending', 'running', 'shutting-down', 'stopping', 'stopped', 'terminated'],
      },
    ]);
  });

  it('maps a booted instance to a running machine with its id, class, job and launch time', async () => {
    h = harness();
    await h.launch('7');
    h.clock.advance(MIN);
    expect(await h.provider.list(h.pool)).toEqual([
      {
        name: 'linux-7-1',
        state: 'running',
        createdAt: T0,
        jobId: '7',
        capacityClass: 'spot',
        externalId: idOf('linux-7-1'),
      },
    ]);
  });

  it('an instance that never boots stays listed as starting', async () => {
    h = harness();
    h.fake.neverBootNext();
    await h.launch('1');
    for (let i = 0; i < 3; i++) {
      expect((await h.provider.list(h.pool)).map((m) => m.state)).toEqual(['starting']);
    }
  });

  it('a spot interruption is listed as exited and interrupted, while shutting down and once terminated', async () => {
    h = harness();
    await h.launch('1');
    await h.launch('2');
    h.fake.interrupt(idOf('linux-1-1'), 'shutting-down');
    h.fake.interrupt(idOf('linux-2-1'), 'terminated');
    const listed = await h.provider.list(h.pool);
    expect(listed.map((m) => [m.name, m.state, m.interrupted, m.capacityClass])).toEqual([
      ['linux-1-1', 'exited', true, 'spot'],
      ['linux-2-1', 'exited', true, 'spot'],
    ]);
  });

  it('an instance that shut itself down is exited with the exit code it tagged, and gone once terminated', async () => {
    h = harness();
    await h.launch('1', { env: { FAKE_EXIT_CODE: '0' } });
    expect(await h.provider.list(h.pool)).toMatchObject([
      { name: 'linux-1-1', state: 'exited', exitCode: 0 },
    ]);
    h.fake.settle();
    expect(await h.provider.list(h.pool)).toEqual([]);
  });

  it('reads every page', async () => {
    h = harness({ fake: { pageCap: 2 } });
    for (const job of ['1', '2', '3', '4', '5']) await h.launch(job);
    const before = h.fake.inputs('ec2:DescribeInstances').length;
    expect((await h.provider.list(h.pool)).map((m) => m.name).sort()).toEqual(
      ['1', '2', '3', '4', '5'].map((j) => `linux-${j}-1`),
    );
    const pages = h.fake.inputs<DescribeInstancesCommandInput>('ec2:DescribeInstances').slice(before);
    expect(pages).toHaveLength(3);
    expect(pages[0]?.NextToken).toBeUndefined();
    expect(pages[1]?.NextToken).toBeDefined();
  });

  it('a throttled list is a retryable ProviderError', async () => {
    h = harness();
    h.fake.throttleNext(1, 'ec2:DescribeInstances');
    await expect(h.provider.list(h.pool)).rejects.toMatchObject({ retryable: true, status: 429 });
  });
});

describe('EC2 terminate', () => {
  it('terminates the worker instance and deletes its runner config; absent is fine', async () => {
    h = harness({ fake: { autoBoot: false } });
    await h.launch('1');
    expect(h.fake.parameterNames()).toEqual(['/ci-scaler/linux/linux-1-1']);
    await h.provider.terminate(h.pool, 'linux-1-1');
    expect(h.fake.inputs<TerminateInstancesCommandInput>('ec2:TerminateInstances')).toEqual([
      { InstanceIds: [idOf('linux-1-1')] },
    ]);
    expect(h.fake.parameterNames()).toEqual([]);
    expect(await h.provider.list(h.pool)).toEqual([]);
    await h.provider.terminate(h.pool, 'linux-1-1');
    expect(h.fake.inputs('ec2:TerminateInstances')).toHaveLength(1);
  });

  it("searches only the pool's own tag, so another pool's instance is never touched", async () => {
    h = harness({ fake: { autoBoot: false } });
    await h.provider.launch({ pool: 'other', name: 'linux-1-1', env: {} });
    await h.provider.terminate(h.pool, 'linux-1-1');
    expect(h.fake.inputs('ec2:TerminateInstances')).toEqual([]);
    expect(h.fake.parameterNames()).toEqual(['/ci-scaler/other/linux-1-1']);
    expect(h.fake.instanceOf('linux-1-1')?.state).toBe('pending');
  });
});

describe('EC2 findMachine', () => {
  it("finds the pool's own instance by id, and nothing for another pool's, an unknown or a malformed id", async () => {
    h = harness();
    await h.launch('1');
    await h.provider.launch({ pool: 'other', name: 'other-1-1', env: {} });
    expect(await h.provider.findMachine?.(h.pool, idOf('linux-1-1'))).toMatchObject({
      name: 'linux-1-1',
      externalId: idOf('linux-1-1'),
    });
    expect(await h.provider.findMachine?.(h.pool, idOf('other-1-1'))).toBeUndefined();
    expect(await h.provider.findMachine?.(h.pool, 'i-0123456789abcdef0')).toBeUndefined();
    expect(await h.provider.findMachine?.(h.pool, 'not-an-id')).toBeUndefined();
  });

  it('finds an interrupted (terminated) spot instance, so an interruption event can be matched', async () => {
    h = harness();
    await h.launch('1');
    h.fake.interrupt(idOf('linux-1-1'));
    expect(await h.provider.findMachine?.(h.pool, idOf('linux-1-1'))).toMatchObject({
      state: 'exited',
      interrupted: true,
    });
  });

  it('an API failure throws instead of reading as "not ours"', async () => {
    h = harness();
    await h.launch('1');
    h.fake.throttleNext(1, 'ec2:DescribeInstances');
    await expect(h.provider.findMachine?.(h.pool, idOf('linux-1-1'))).rejects.toBeInstanceOf(ProviderError);
  });
});
