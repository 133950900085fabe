import { describe, expect, it } from 'vitest';
import { validateConfig, workerClasses } from '../../../src/config/index.js';
import { doc, pool, problemsOfDoc } from './helpers.js';

const ec2 = (spot: string) => ({ type: 'ec2', region: 'eu-west-1', launchTemplate: 'lt-0abc', spot });
const ecs = {
  type: 'ecs',
  region: 'eu-west-1',
  cluster: 'ci',
  services: [{ name: 'agents' }, { name: 'agents-spot', class: 'spot' }],
};
const tfc = { type: 'tfc', organization: 'acme', agentPool: 'apool-1', token: 't' };

describe('simulation.pricePerHour', () => {
  it('is one price, or one per class of the workers the provider starts', () => {
    const one = validateConfig(doc(pool({ simulation: { pricePerHour: 0.2 } })), {});
    expect(one.pools[0]?.simulation.pricePerHour).toBe(0.2);
    const perClass = { spot: 0.03, 'on-demand': 0.1 };
    const config = validateConfig(
      doc(pool({ provider: ec2('prefer'), simulation: { pricePerHour: perClass } })),
      {},
    );
    expect(config.pools[0]?.simulation.pricePerHour).toEqual(perClass);
  });

  it('names a class without a price and a price for no class', () => {
    expect(
      problemsOfDoc(
        doc(pool({ provider: ec2('prefer'), simulation: { pricePerHour: { spot: 0.03, gpu: 1 } } })),
      ),
    ).toEqual([
      'pools[0].simulation.pricePerHour: no price for class "on-demand" (this pool\'s workers are spot, on-demand)',
      "pools[0].simulation.pricePerHour.gpu: not a class of this pool's workers (spot, on-demand)",
    ]);
    expect(
      problemsOfDoc(
        doc(pool({ source: tfc, provider: ecs, simulation: { pricePerHour: { regular: 0.1 } } })),
      ),
    ).toEqual([
      'pools[0].simulation.pricePerHour: no price for class "spot" (this pool\'s workers are regular, spot)',
    ]);
  });

  it("knows each provider's classes", () => {
    const of = (provider: Record<string, unknown>) =>
      workerClasses(validateConfig(doc(pool({ provider })), {}).pools[0]?.provider ?? never());
    expect(of(ec2('only'))).toEqual(['spot']);
    expect(of(ec2('never'))).toEqual(['on-demand']);
    expect(
      of({ type: 'gcp', project: 'p', zone: 'europe-west1-b', machineType: 'e2-standard-2', spot: true }),
    ).toEqual(['spot']);
    expect(of({ type: 'docker', image: 'runner:latest' })).toEqual(['regular']);
  });
});

function never(): never {
  throw new Error('no pool');
}
