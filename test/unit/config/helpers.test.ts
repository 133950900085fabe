import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseByteSize } from '../../../src/config/byte-size.js';
import { didYouMean, editDistance } from '../../../src/config/did-you-mean.js';
import { formatPath } from '../../../src/config/path.js';

describe('formatPath', () => {
  it('writes indexes in brackets and quotes keys that are not identifiers', () => {
    expect(formatPath(['pools', 1, 'scaleDown', 'after'])).toBe('pools[1].scaleDown.after');
    expect(formatPath(['pools', 0, 'provider', 'labels', 'com.example/x'])).toBe(
      'pools[0].provider.labels["com.example/x"]',
    );
    expect(formatPath([])).toBe('');
  });
});

describe('didYouMean', () => {
  it('suggests close keys, ignoring case', () => {
    expect(didYouMean('maxx', ['min', 'max', 'warm'])).toBe('max');
    expect(didYouMean('scaledown', ['scaleUp', 'scaleDown'])).toBe('scaleDown');
    expect(didYouMean('bootTimout', ['bootTimeout', 'maxLifetime'])).toBe('bootTimeout');
  });

  it('stays quiet when nothing is close', () => {
    expect(didYouMean('colour', ['type', 'path'])).toBeUndefined();
    expect(didYouMean('x', [])).toBeUndefined();
  });

  it('computes a symmetric distance that is zero only for equal strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
        expect(editDistance(a, b)).toBe(editDistance(b, a));
        expect(editDistance(a, b) === 0).toBe(a === b);
        expect(editDistance(a, b)).toBeLessThanOrEqual(Math.max(a.length, b.length));
      }),
    );
  });
});

describe('parseByteSize', () => {
  it.each([
    ['512m', 512 * 1024 ** 2],
    ['2g', 2 * 1024 ** 3],
    ['2G', 2 * 1024 ** 3],
    ['1.5GiB', 1.5 * 1024 ** 3],
    ['512MB', 512 * 1024 ** 2],
    [8 * 1024 ** 2, 8 * 1024 ** 2],
  ] as const)('%j is %d bytes', (input, bytes) => {
    expect(parseByteSize(input)).toEqual({ bytes });
  });

  it.each([['lots'], ['5x'], ['-1g'], [1.5], ['1k']] as const)('%j is refused', (input) => {
    expect(parseByteSize(input)).toHaveProperty('error');
  });
});

describe('editDistance', () => {
  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('kye', 'key')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });
});
