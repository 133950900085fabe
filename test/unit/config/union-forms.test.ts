/**
 * Found by review: a field that accepts two forms (a union) answered every mistake with
 * "does not match any accepted form", hiding the one problem the user must fix even when
 * the value is plainly meant as one of the forms (a mapping for `simulation.boot`, a
 * string for `installationId`).
 */
import { describe, expect, it } from 'vitest';
import { GITHUB_SOURCE, doc, pool, problemsOfDoc } from './helpers.js';

const GENERIC = 'does not match any accepted form';

describe('union fields report the problem of the form the value is written in', () => {
  it('simulation.boot as { median } without p95 says that p95 is required', () => {
    const lines = problemsOfDoc(doc(pool({ simulation: { boot: { median: '1m' } } })));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^pools\[0\]\.simulation\.boot\.p95: must be a duration/);
  });

  it('simulation.boot with a misspelt p95 suggests the key', () => {
    const lines = problemsOfDoc(doc(pool({ simulation: { boot: { median: '1m', p59: '2m' } } })));
    expect(lines.join('\n')).toContain('unknown key "p59"');
    expect(lines.join('\n')).not.toContain(GENERIC);
  });

  it('installationId that is not digits says it must be a number', () => {
    const source = { ...GITHUB_SOURCE, appId: 1, privateKey: 'pem', installationId: 'abc' };
    expect(problemsOfDoc(doc(pool({ source })))).toEqual([
      'pools[0].source.installationId: must be a number',
    ]);
  });

  it('appId 0 says what is wrong with it', () => {
    const source = { ...GITHUB_SOURCE, appId: 0, privateKey: 'pem' };
    const lines = problemsOfDoc(doc(pool({ source })));
    expect(lines.join('\n')).not.toContain(GENERIC);
    expect(lines).toContain('pools[0].source.appId: must be >= 1');
  });
});
