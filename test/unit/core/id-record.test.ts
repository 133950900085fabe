import { describe, expect, it } from 'vitest';
import { idRecord, ownValue } from '../../../src/core/id-record.js';

describe('idRecord', () => {
  it('copies the entries into a new record that the source does not share', () => {
    const source = { j000001: 1, j000002: 3 };
    const copy = idRecord(source);
    copy['j000003'] = 1;
    expect(source).toEqual({ j000001: 1, j000002: 3 });
    expect(Object.entries(copy)).toEqual([
      ['j000001', 1],
      ['j000002', 3],
      ['j000003', 1],
    ]);
  });

  it('reads and serializes as a plain record does', () => {
    const r = idRecord<number>();
    r['42'] = 2;
    r['j-7'] = 1;
    expect(Object.hasOwn(r, 'j-7')).toBe(true);
    expect(Object.hasOwn(r, 'toString')).toBe(false);
    // No prototype: a job id that is also an Object.prototype name is only a key.
    expect('toString' in r).toBe(false);
    expect(JSON.parse(JSON.stringify(r))).toEqual({ '42': 2, 'j-7': 1 });
  });

  it('ownValue reads a key of the record itself, never one of a prototype', () => {
    const stored: Record<string, number> = JSON.parse('{"j1": 2}') as Record<string, number>;
    expect(ownValue(stored, 'j1')).toBe(2);
    expect(ownValue(stored, 'j2')).toBeUndefined();
    expect(stored['constructor']).toBeDefined();
    expect(ownValue(stored, 'constructor')).toBeUndefined();
  });
});
