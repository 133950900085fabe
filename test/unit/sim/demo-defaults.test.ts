import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseConfigDocument, validateConfig } from '../../../src/config/index.js';
import { DEMO_CONFIG, DEMO_TRACE } from '../../../src/sim/demo-defaults.js';
import { simPoolsOf } from '../../../src/sim/sim-pool.js';
import { formatTrace } from '../../../src/sim/trace-file.js';
import { generateTrace } from '../../../src/sim/trace-generate.js';

const example = (path: string): Promise<string> =>
  readFile(new URL(`../../../${path}`, import.meta.url), 'utf8');

describe('the demo defaults', () => {
  it('DEMO_CONFIG is examples/config/demo.yaml byte for byte', async () => {
    expect(DEMO_CONFIG).toBe(await example('examples/config/demo.yaml'));
  });

  it('DEMO_TRACE regenerates examples/traces/weekday.jsonl byte for byte', async () => {
    expect(formatTrace(generateTrace(DEMO_TRACE))).toBe(await example('examples/traces/weekday.jsonl'));
  });

  it('the demo config validates: three simulated pools with their machine models', () => {
    const config = validateConfig(parseConfigDocument(DEMO_CONFIG, 'demo.yaml'), {}, 'demo.yaml');
    const pools = simPoolsOf(config);
    expect(pools.map((p) => p.policy.name)).toEqual(['linux', 'large', 'arm64']);
    expect(pools.find((p) => p.policy.name === 'arm64')?.sim).toEqual({
      boot: { median: 45_000, p95: 80_000 },
      failAtBoot: 0.01,
      spotInterruptionsPerHour: 0.05,
      pricePerHour: 0.06,
      capacityClass: 'regular',
    });
    // Docker runners, each leaving after its job: no service to scale.
    expect(pools.find((p) => p.policy.name === 'arm64')?.service).toBeUndefined();
  });
});
