/** The ECS fake keeps ECS's rules, so the provider cannot pass by breaking them. */
import {
  ECSClient,
  InvalidParameterException,
  ListClustersCommand,
  UpdateTaskProtectionCommand,
} from '@aws-sdk/client-ecs';
import { afterEach, describe, expect, it } from 'vitest';
import { EcsFake } from '../../../fakes/aws/ecs-fake.js';

const CLUSTER = 'c';
let fake: EcsFake | undefined;
afterEach(() => {
  fake?.restore();
  fake = undefined;
});

function setup(): { fake: EcsFake; client: ECSClient; ids: string[] } {
  let t = 1_000_000;
  fake = new EcsFake({ clock: () => t++ });
  fake.addService(CLUSTER, 's', { desired: 12 });
  fake.settle();
  return {
    fake,
    client: new ECSClient({ region: 'eu-west-1' }),
    ids: fake.liveTasks(CLUSTER, 's').map((x) => x.id),
  };
}

describe('ECS fake', () => {
  it('UpdateTaskProtection takes at most 10 tasks and expiresInMinutes 1..2880', async () => {
    const { client, ids } = setup();
    const send = (tasks: string[], expiresInMinutes?: number) =>
      client.send(
        new UpdateTaskProtectionCommand({
          cluster: CLUSTER,
          tasks,
          protectionEnabled: true,
          ...(expiresInMinutes !== undefined && { expiresInMinutes }),
        }),
      );
    await expect(send(ids.slice(0, 11))).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(send(ids.slice(0, 1), 0)).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(send(ids.slice(0, 1), 2881)).rejects.toBeInstanceOf(InvalidParameterException);
    const ok = await send(ids.slice(0, 10), 2880);
    expect(ok.protectedTasks).toHaveLength(10);
  });

  it('scale-in stops unprotected tasks only; the count lags while protection holds', async () => {
    const { fake: f, client, ids } = setup();
    await client.send(
      new UpdateTaskProtectionCommand({ cluster: CLUSTER, tasks: ids.slice(0, 3), protectionEnabled: true }),
    );
    f.service(CLUSTER, 's').desiredCount = 1;
    f.settle();
    expect(f.liveTasks(CLUSTER, 's').map((x) => x.id)).toEqual(ids.slice(0, 3));
  });

  it('records the IAM action of every call, unimplemented ones too', async () => {
    const { fake: f, client } = setup();
    await client.send(
      new UpdateTaskProtectionCommand({ cluster: CLUSTER, tasks: ['x'], protectionEnabled: false }),
    );
    await expect(client.send(new ListClustersCommand({}))).rejects.toThrow(/not implemented/);
    expect(f.commands()).toEqual(['ecs:UpdateTaskProtection', 'ecs:ListClusters']);
  });
});
