import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/core/errors.js';
import {
  checkPrefix,
  entryKey,
  escapeName,
  groupOfKey,
  poolGroup,
  restorePrefix,
  SHARED_GROUP,
  type Group,
} from '../../../src/state/actions-cache/cache-keys.js';

/** Characters that could break prefixes: `-`, `%`, `_`, case, escapes' hex digits, non-ASCII. */
const unit = fc.oneof(
  fc.constantFrom('-', '%', '_', '.', '~', 'a', 'b', 'A', '2', 'D', 'é', '🚀'),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
);
const poolName = fc.string({ unit, minLength: 1, maxLength: 12 });
const group: fc.Arbitrary<Group> = fc.oneof(fc.constant(SHARED_GROUP), poolName.map(poolGroup));
/** Two groups, often one pool's name extending the other's (`a`, `a-`), where collisions hide. */
const twoGroups: fc.Arbitrary<[Group, Group]> = fc.oneof(
  fc.tuple(group, group),
  fc
    .tuple(poolName, fc.string({ unit, minLength: 1, maxLength: 3 }), fc.boolean())
    .map(([name, tail, swap]): [Group, Group] => {
      const pair: [Group, Group] = [poolGroup(name), poolGroup(name + tail)];
      return swap ? [pair[1], pair[0]] : pair;
    }),
);
const prefix = fc
  .array(fc.stringMatching(/^[A-Za-z0-9._]{1,6}$/), { minLength: 1, maxLength: 3 })
  .map((parts) => parts.join('-'));
const suffix = fc.string({ maxLength: 20 }).filter((s) => !s.includes(','));

const sameGroup = (a: Group, b: Group): boolean =>
  a.kind === b.kind && (a.kind === 'shared' || (b.kind === 'pool' && a.pool === b.pool));

describe('actions-cache keys', () => {
  it("never lets one group's restore prefix match another group's key, within or across prefixes", () => {
    fc.assert(
      fc.property(prefix, prefix, twoGroups, fc.boolean(), suffix, (p1, p2, [g1, g2], samePrefix, s) => {
        if (samePrefix) p2 = p1;
        fc.pre(!(p1 === p2 && sameGroup(g1, g2)));
        expect(entryKey(p2, g2, s).startsWith(restorePrefix(p1, g1))).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('restores a group from its own keys', () => {
    fc.assert(
      fc.property(prefix, group, suffix, (p, g, s) => {
        expect(entryKey(p, g, s).startsWith(restorePrefix(p, g))).toBe(true);
      }),
    );
  });

  it('escapes names one-to-one into characters without `-`, even compared without case', () => {
    fc.assert(
      fc.property(poolName, poolName, (a, b) => {
        fc.pre(a !== b);
        expect(escapeName(a).toLowerCase()).not.toBe(escapeName(b).toLowerCase());
        expect(escapeName(a)).toMatch(/^(?:[a-z0-9._~]|%[0-9A-F]{2})+$/);
      }),
      { numRuns: 2000 },
    );
    expect(escapeName('linux-x64')).toBe('linux%2Dx64');
    expect(escapeName('a%2D')).toBe('a%252%44');
    expect(() => escapeName('\uD800')).toThrow(TypeError);
  });

  it('groups keys by pool: pool/<name> and <any>/<name>/<more>; the rest is shared', () => {
    expect(groupOfKey('pool/linux')).toEqual(poolGroup('linux'));
    expect(groupOfKey('claim/linux/worker-1')).toEqual(poolGroup('linux'));
    expect(groupOfKey('binding/linux/job/42')).toEqual(poolGroup('linux'));
    for (const key of ['settings', 'pool/', 'memo/linux', 'a//b', '__proto__']) {
      expect(groupOfKey(key)).toEqual(SHARED_GROUP);
    }
  });

  it('keeps keys within the 512 characters the cache allows', () => {
    expect(() => restorePrefix('ci', poolGroup('ü'.repeat(100)))).toThrow(/longer than 512/);
  });

  it('accepts prefixes the keys stay prefix-free with, and refuses others with a ConfigError', () => {
    for (const ok of ['ci-scaler', 'a', 'ACME_scaler.v2']) {
      expect(() => {
        checkPrefix(ok);
      }).not.toThrow();
    }
    for (const bad of ['', 'a b', 'a,b', 'a--b', 'a-']) {
      expect(() => {
        checkPrefix(bad);
      }).toThrow(ConfigError);
    }
  });
});
