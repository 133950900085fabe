/**
 * examples/deploy/aws/iam-policy.json is least privilege for what ci-scaler sends: the
 * EC2 and ECS providers through their SDK fakes and the DynamoDB store against dynalite
 * run a full cycle each, and every AWS action in their call logs must be allowed by the
 * policy; the policy allows nothing else but what CreateFleet itself needs.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createDynamoDbStore } from '../../../src/state/dynamodb/dynamodb-store.js';
import { historyEntry } from '../../contract/state-store-contract.js';
import { FAKE_AWS_ENV, startDynalite } from '../../support/dynalite.js';
import { harness, MIN } from '../providers/ec2/ec2-harness.js';
import { REGULAR, SPOT, ecsSetup, startTasks } from '../providers/ecs/ecs-setup.js';

interface Statement {
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: string | readonly string[];
}
const POLICY = JSON.parse(
  readFileSync(new URL('../../../examples/deploy/aws/iam-policy.json', import.meta.url), 'utf8'),
) as { Statement: Statement[] };

/** CreateFleet starts, tags and passes the role to instances: IAM checks these on the caller. */
const IMPLIED = ['ec2:RunInstances', 'ec2:CreateTags', 'iam:PassRole', 'ssm:AddTagsToResource'];

const allowed = POLICY.Statement.filter((s) => s.Effect === 'Allow').flatMap((s) =>
  typeof s.Action === 'string' ? [s.Action] : [...s.Action],
);

async function ec2Cycle(): Promise<string[]> {
  const h = harness({ config: { labelSelection: ['cpu', 'spot'] } });
  try {
    h.fake.noCapacity({ lifecycle: 'spot' });
    const machine = await h.launch('1', { labels: ['cpu=2'] });
    await h.launch('2', { labels: ['spot=false'] });
    // Two workers gone while their parameters stayed: housekeeping deletes both at once.
    h.fake.seedParameter('/ci-scaler/linux/linux-gone-1', {}, h.clock.now);
    h.fake.seedParameter('/ci-scaler/linux/linux-gone-2', {}, h.clock.now);
    const machines = await h.provider.list(h.pool);
    h.clock.advance(20 * MIN);
    await h.provider.housekeep?.(h.pool, machines);
    await h.provider.findMachine?.(h.pool, machine.externalId ?? '');
    await h.provider.status?.(h.pool);
    await h.provider.doctor?.(h.pool);
    await h.provider.terminate(h.pool, machine.name);
    return h.fake.commands();
  } finally {
    h.fake.restore();
  }
}

async function ecsCycle(): Promise<string[]> {
  const setup = ecsSetup();
  try {
    const { provider, pool } = setup;
    const ids = startTasks(setup, REGULAR, 3);
    await provider.doctor?.(pool);
    await provider.describe(pool);
    await provider.setProtection(pool, REGULAR, ids.slice(0, 1), true);
    await provider.setDesired(pool, SPOT, 1);
    await provider.setProtection(pool, REGULAR, ids.slice(0, 1), false);
    await provider.stopReplica(pool, REGULAR, ids[2] ?? '');
    return setup.fake.commands();
  } finally {
    setup.fake.restore();
  }
}

const dynalite = startDynalite();
afterAll(async () => {
  await (await dynalite).close();
});

async function dynamoDbCycle(): Promise<string[]> {
  const server = await dynalite;
  const table = await server.createStateTable();
  const store = createDynamoDbStore({ table, clock: Date.now, endpoint: server.endpoint, env: FAKE_AWS_ENV });
  try {
    await store.put('pool/a', { n: 1 }, 0);
    const got = await store.get('pool/a');
    await store.put('pool/a', { n: 2 }, got?.version ?? 0);
    await store.put('pool/b', { n: 1 }, 'any');
    await store.lock('pool/a', 'me', 60_000);
    await store.release('pool/a', 'me');
    for (let i = 0; i < 4; i++) await store.appendHistory(historyEntry('a', i), 2);
    await store.listHistory('a', 10);
    await store.delete('pool/a', 'any');
  } finally {
    await store.close();
  }
  return [...server.actions];
}

describe('examples/deploy/aws/iam-policy.json', () => {
  it('allows every AWS action the providers and the store send, and nothing more', async () => {
    const used = new Set([...(await ec2Cycle()), ...(await ecsCycle()), ...(await dynamoDbCycle())]);
    for (const service of [
      'ec2:CreateFleet',
      'ssm:PutParameter',
      'ecs:UpdateTaskProtection',
      'dynamodb:PutItem',
    ])
      expect(used.has(service)).toBe(true);
    const notAllowed = [...used].filter((a) => !allowed.includes(a)).sort();
    expect(notAllowed).toEqual([]);
    const unused = allowed.filter((a) => !used.has(a) && !IMPLIED.includes(a)).sort();
    // The table is made by initTable, what `state init` runs, so its actions are used too.
    expect(unused).toEqual([]);
  });

  it('grants no wildcard actions', () => {
    expect(allowed.filter((a) => a.includes('*'))).toEqual([]);
  });
});
