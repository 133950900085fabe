import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UnsupportedError } from '../../../src/core/errors.js';
import {
  CAPABILITIES,
  createStateStore,
  STATE_STORE_TYPES,
  type StateStoreConfig,
} from '../../../src/state/index.js';

const clock = (): number => Date.UTC(2026, 0, 1);

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ci-scaler-registry-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('createStateStore', () => {
  it('creates the built stores, each offering every capability', async () => {
    const configs: StateStoreConfig[] = [
      { type: 'memory' },
      { type: 'file', path: join(dir, 'state.json') },
      // Built without a request: the table is first touched by the first read or write.
      { type: 'dynamodb', table: 'ci-scaler', region: 'us-east-1' },
    ];
    for (const config of configs) {
      const store = await createStateStore(config, { clock });
      expect(store.type).toBe(config.type);
      expect([...store.capabilities].sort()).toEqual([...CAPABILITIES].sort());
      await store.close();
    }
  });

  it('resolves a relative file path against cwd', async () => {
    const store = await createStateStore(
      { type: 'file', path: '.ci-scaler/state.json' },
      { clock, cwd: dir },
    );
    await store.put('k', 'v', 0);
    expect(JSON.parse(await readFile(join(dir, '.ci-scaler', 'state.json'), 'utf8'))).toMatchObject({
      docs: { k: { value: 'v', version: 1 } },
    });
  });

  it('refuses an unknown type, listing the known ones', async () => {
    const config = JSON.parse('{"type": "redis"}') as StateStoreConfig;
    await expect(createStateStore(config, { clock })).rejects.toThrow(UnsupportedError);
    await expect(createStateStore(config, { clock })).rejects.toThrow(STATE_STORE_TYPES.join(', '));
    const inherited = JSON.parse('{"type": "toString"}') as StateStoreConfig;
    await expect(createStateStore(inherited, { clock })).rejects.toThrow(UnsupportedError);
  });
});
