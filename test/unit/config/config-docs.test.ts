import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { configDocs } from '../../../src/config/config-docs.js';

describe('docs/configuration.md', () => {
  it('documents every pool key, source, provider and state type from the schema', () => {
    const docs = configDocs();
    for (const key of [
      'name',
      'min',
      'max',
      'warm',
      'priority',
      'policy',
      'scaleUp.after',
      'scaleDown.cooldown',
      'scaleDown.after',
      'bootTimeout',
      'maxLifetime',
      'interval',
      'slots.perWorker',
      'slots.perJob',
      'mode',
      'manualTarget',
      'victimOrder',
      'maxAttempts',
    ]) {
      expect(docs).toContain(`| \`pools[].${key}\` |`);
    }
    for (const section of [
      'source` with `type: github',
      'source` with `type: tfc',
      'provider` with `type: docker',
      'state` with `type: file',
    ]) {
      expect(docs).toContain(section);
    }
  });

  it('is committed as generated', async () => {
    const committed = await readFile(new URL('../../../docs/configuration.md', import.meta.url), 'utf8');
    expect(committed).toBe(configDocs());
  });
});
