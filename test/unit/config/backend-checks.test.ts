import { describe, expect, it } from 'vitest';
import { doc, pool, problemsOfDoc } from './helpers.js';

describe('backend checks', () => {
  it('refuses repo together with repositories, and incomplete GitHub App settings', () => {
    const source = { type: 'github', owner: 'acme', labels: ['x'] };
    expect(problemsOfDoc(doc(pool({ source: { ...source, repo: 'a', repositories: ['a'] } })))).toEqual([
      'pools[0].source.repositories: cannot be used together with repo (repo: one repository; repositories: a filter)',
    ]);
    expect(problemsOfDoc(doc(pool({ source: { ...source, appId: 1, token: 't' } })))).toEqual([
      'pools[0].source.privateKey: required when appId is set',
      'pools[0].source.token: use either token or appId with privateKey, not both',
    ]);
    expect(problemsOfDoc(doc(pool({ source: { ...source, repo: 'acme/app', labels: [] } })))).toEqual([
      'pools[0].source.repo: must be a repository name without the owner (letters, digits, ".", "_" and "-")',
      'pools[0].source.labels: must not be empty',
    ]);
  });

  it('checks docker settings', () => {
    const docker = { type: 'docker', image: 'x' };
    expect(
      problemsOfDoc(
        doc(
          pool({
            provider: {
              ...docker,
              host: 'docker.local',
              memory: '1k',
              cpus: 0,
              tls: { ca: 'a', cert: 'b', key: 'c' },
              labels: { 'ci-scaler.pool': 'x' },
            },
          }),
        ),
      ),
    ).toEqual([
      'pools[0].provider.host: must be unix:///path, tcp://host:port, ssh://user@host or npipe://path',
      'pools[0].provider.cpus: must be > 0',
      "pools[0].provider.memory: must be at least 6m (Docker's minimum), got 1024 bytes",
      'pools[0].provider.labels["ci-scaler.pool"]: invalid key: labels starting with "ci-scaler." are reserved for ci-scaler',
      'pools[0].provider.tls: only used with a tcp:// host',
    ]);
    for (const host of [
      'unix:///var/run/docker.sock',
      'tcp://10.0.0.1:2376',
      'ssh://ci@build',
      'tcp://[::1]:2375',
    ]) {
      expect(() => problemsOfDoc(doc(pool({ provider: { ...docker, host } })))).toThrow('was accepted');
    }
  });

  it('checks state and server settings', () => {
    expect(
      problemsOfDoc({
        ...doc(),
        state: { type: 'dynamodb', table: 't', endpoint: 'localhost:8000' },
        server: { port: 0, previousWebhookSecrets: ['old'] },
      }),
    ).toEqual([
      'state.table: must be a DynamoDB table name (3-255 of A-Z a-z 0-9 _ . -)',
      'state.endpoint: must be an http:// or https:// URL',
      'server.port: must be >= 1',
      'server.previousWebhookSecrets: only used with webhookSecret',
    ]);
  });

  it('refuses a GitHub App setting without its partner', () => {
    const source = { type: 'github', owner: 'acme', labels: ['x'] };
    expect(problemsOfDoc(doc(pool({ source: { ...source, privateKey: 'pem', installationId: 3 } })))).toEqual(
      [
        'pools[0].source.appId: required when privateKey is set',
        'pools[0].source.installationId: only used with appId',
      ],
    );
  });

  it('refuses a Kubernetes provider with both image and deployment', () => {
    expect(
      problemsOfDoc(doc(pool({ provider: { type: 'kubernetes', image: 'r', deployment: 'd' } }))),
    ).toEqual([
      'pools[0].provider.deployment: cannot be used together with image (image: one pod per job; deployment: replicas)',
    ]);
  });

  it('suggests keys inside nested objects, lists and union branches', () => {
    expect(
      problemsOfDoc({
        ...doc(
          pool(),
          pool({
            name: 'b',
            slots: { perWorkers: 2 },
            provider: {
              type: 'docker',
              image: 'x',
              host: 'tcp://h:1',
              tls: { ca: 'a', cert: 'b', key: 'c', kye: 'd' },
            },
          }),
        ),
        state: { type: 'actions-cache', prefx: 'p' },
      }),
    ).toEqual([
      'pools[1].provider.tls: unknown key "kye" (did you mean "key"?)',
      'pools[1].slots: unknown key "perWorkers" (did you mean "perWorker"?)',
      'state: unknown key "prefx" (did you mean "prefix"?)',
    ]);
  });

  it('reports unknown keys of an object whose type is unknown without a suggestion', () => {
    expect(problemsOfDoc(doc(pool({ provider: { type: 'docker', image: 'x', extra: { a: 1 } } })))).toEqual([
      'pools[0].provider: unknown key "extra"',
    ]);
  });

  it('shortens long values in messages', () => {
    const [line] = problemsOfDoc(doc(pool({ policy: 'x'.repeat(100) })));
    expect(line).toContain(`(got "${'x'.repeat(37)}...")`);
  });
});
