/**
 * Found by review: cross-checks of the form "B is required when A is set" read a field
 * that was given but failed its own check as absent, and so add a second problem that
 * contradicts the file (cross-checks.ts says a bad field never produces a confusing
 * message about another).
 */
import { describe, expect, it } from 'vitest';
import { GITHUB_SOURCE, doc, pool, problemsOfDoc } from './helpers.js';

describe('a field that is given but invalid is not reported as missing', () => {
  it('manualTarget written with quotes: one problem, not also "required when mode is manual"', () => {
    expect(problemsOfDoc(doc(pool({ mode: 'manual', manualTarget: '3' })))).toEqual([
      'pools[0].manualTarget: expected an integer, got "3" (remove the quotes)',
    ]);
  });

  it('a negative manualTarget: one problem', () => {
    expect(problemsOfDoc(doc(pool({ mode: 'manual', manualTarget: -1 })))).toEqual([
      'pools[0].manualTarget: must be >= 0',
    ]);
  });

  it('an appId that resolved to nothing is not also "required when privateKey is set"', () => {
    const source = { ...GITHUB_SOURCE, appId: '${env:APP_ID}', privateKey: '${env:KEY}', installationId: 7 };
    const lines = problemsOfDoc(doc(pool({ source })), { APP_ID: '', KEY: 'pem' });
    expect(lines).toContain('pools[0].source.appId: must not be empty');
    expect(lines).not.toContain('pools[0].source.appId: required when privateKey is set');
    expect(lines).not.toContain('pools[0].source.installationId: only used with appId');
  });

  it('an empty webhookSecret does not make previousWebhookSecrets "only used with webhookSecret"', () => {
    const lines = problemsOfDoc(
      { ...doc(), server: { webhookSecret: '${env:HOOK}', previousWebhookSecrets: ['${env:OLD}'] } },
      { HOOK: '', OLD: 'old' },
    );
    expect(lines).toEqual(['server.webhookSecret: must not be empty']);
  });

  it('a malformed tcp:// host does not make tls "only used with a tcp:// host"', () => {
    const provider = {
      type: 'docker',
      image: 'runner:latest',
      host: 'tcp://docker.example.com', // port missing
      tls: { ca: 'ca.pem', cert: 'cert.pem', key: 'key.pem' },
    };
    const lines = problemsOfDoc(doc(pool({ provider })));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^pools\[0\]\.provider\.host: /);
  });
});
