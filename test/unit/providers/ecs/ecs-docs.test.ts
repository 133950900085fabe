/**
 * docs/providers/ecs.md stays true: its config example validates, and its IAM policy
 * grants exactly the ECS actions the provider calls over a full cycle.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../../src/config/index.js';
import { REGULAR, SPOT, ecsSetup, startTasks, type EcsSetup } from './ecs-setup.js';

const DOC = readFileSync(new URL('../../../../docs/providers/ecs.md', import.meta.url), 'utf8');

function block(language: string, containing: string): string {
  const blocks = [...DOC.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map(
    (m) => m[1] ?? '',
  );
  const found = blocks.find((b) => b.includes(containing));
  if (found === undefined)
    throw new Error(`no ${language} block with ${containing} in docs/providers/ecs.md`);
  return found;
}

function documentedActions(): string[] {
  const policy = JSON.parse(block('json', '"Statement"')) as { Statement: { Action: string[] }[] };
  return policy.Statement.flatMap((s) => s.Action).sort();
}

let setup: EcsSetup | undefined;
afterEach(() => {
  setup?.fake.restore();
  setup = undefined;
});

describe('docs/providers/ecs.md', () => {
  it('the config example validates', () => {
    const config = parseConfigText(block('yaml', 'type: ecs'), 'ecs.yaml', { TFC_TOKEN: 'x' });
    expect(config.pools[0]?.provider).toMatchObject({ type: 'ecs', cluster: 'ci-agents' });
  });

  it('the IAM policy grants exactly the actions of a full cycle', async () => {
    setup = ecsSetup();
    const { provider, pool } = setup;
    const ids = startTasks(setup, REGULAR, 3);
    await provider.doctor?.(pool);
    await provider.describe(pool);
    await provider.setProtection(pool, REGULAR, ids.slice(0, 1), true);
    await provider.setDesired(pool, REGULAR, 2);
    await provider.setProtection(pool, REGULAR, ids.slice(0, 1), false);
    await provider.stopReplica(pool, REGULAR, ids[2] ?? '');
    await provider.setProtection(pool, SPOT, ['x'], true);
    const used = [...new Set(setup.fake.commands())].sort();
    expect(used).toEqual(documentedActions());
  });
});
