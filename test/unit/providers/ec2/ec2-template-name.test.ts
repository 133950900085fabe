/**
 * Found by review: `launchTemplate` is "template id (lt-...) or name", told apart by the prefix only.
 * A launch template *name* may start with `lt-` too (names: 3-128 of letters, digits and
 * ( ) . - / _), and is then sent as LaunchTemplateId, which EC2 refuses: every launch of the
 * pool fails. Ids are `lt-` followed by 17 hex digits.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FAKE_TEMPLATE_DATA } from '../../../fakes/aws/ec2-fake.js';
import { harness, type Harness } from './ec2-harness.js';

let h: Harness;
afterEach(() => {
  h.fake.restore();
});

describe('a launch template named lt-...', () => {
  it('is found by its name', async () => {
    h = harness({
      config: { launchTemplate: 'lt-ci-runners' },
      fake: {
        templates: [
          {
            id: 'lt-0fedcba9876543210',
            name: 'lt-ci-runners',
            defaultVersion: 1,
            versions: new Map([[1, FAKE_TEMPLATE_DATA]]),
          },
        ],
      },
    });
    await expect(h.launch('1')).resolves.toMatchObject({ state: 'starting' });
  });
});
