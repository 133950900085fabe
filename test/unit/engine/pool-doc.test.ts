/** The pool document as read from the store: a corrupt one is an error, never quietly emptied. */
import { expect, it } from 'vitest';
import { StateError } from '../../../src/core/errors.js';
import { readPoolDoc, updatePoolDoc } from '../../../src/engine/pool-doc.js';
import { createMemoryStore } from '../../../src/state/memory/memory-store.js';

it('a pool document with fields of the wrong shape is a StateError naming them, and is not written over', async () => {
  // Found by review: such fields read as absent, and the next update wrote the document
  // back without them (launches in flight, claims).
  const store = createMemoryStore({ clock: () => 0 });
  const corrupt = {
    schemaVersion: 1,
    memory: { version: 1 },
    workers: 'not a list',
    claimsByMinute: 42,
    launching: ['not', 'a', 'map'],
  };
  await store.put('pool/linux', corrupt, 0);
  await expect(readPoolDoc(store, 'linux')).rejects.toThrow(StateError);
  await expect(readPoolDoc(store, 'linux')).rejects.toThrow(
    'state of pool linux (key pool/linux): workers: must be a list, got string; claimsByMinute: must be a claim index, got number; launching: must be an object, got a list',
  );
  await expect(updatePoolDoc(store, 'linux', (d) => ({ ...d, orphans: { w: 'x' } }))).rejects.toThrow(
    StateError,
  );
  expect((await store.get('pool/linux'))?.value).toEqual(corrupt);
});

it('a document without the optional fields reads with their defaults', async () => {
  const store = createMemoryStore({ clock: () => 0 });
  await store.put('pool/linux', { schemaVersion: 1, memory: { version: 1 } }, 0);
  const doc = await readPoolDoc(store, 'linux');
  expect([doc.workers, doc.orphans, doc.launching]).toEqual([[], {}, undefined]);
});
