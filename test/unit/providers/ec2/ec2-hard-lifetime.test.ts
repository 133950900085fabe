/**
 * Found by review: `hardLifetime` only reaches instances through the `shutdown -h +N` that
 * the template's user data was written with. A pool set to 12h on a template bootstrapped
 * for 6h kept 6h, and every job past it was cut off; doctor now says so.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { bootstrapScript } from '../../../../src/providers/ec2/bootstrap.js';
import { FAKE_TEMPLATE_DATA, fakeTemplate } from '../../../fakes/aws/ec2-fake.js';
import { harness, type Harness } from './ec2-harness.js';

let h: Harness;
afterEach(() => {
  h.fake.restore();
});

function bootstrappedFor(hours: number) {
  const script = bootstrapScript({ hardLifetimeMs: hours * 3_600_000 });
  return {
    templates: [fakeTemplate({ ...FAKE_TEMPLATE_DATA, UserData: Buffer.from(script).toString('base64') })],
  };
}

describe('doctor: the template user data lifetime against hardLifetime', () => {
  it('fails when the template shuts instances down sooner than hardLifetime says', async () => {
    h = harness({ config: { hardLifetime: '12h' }, fake: bootstrappedFor(6) });
    const check = ((await h.provider.doctor?.(h.pool)) ?? []).find((c) => c.name.includes('lifetime'));
    expect(check).toMatchObject({ ok: false });
    expect(check?.detail).toContain('after 360 minutes, hardLifetime says 720');
    expect(check?.fix).toMatch(/bootstrap script/);
  });

  it('passes when they agree', async () => {
    h = harness({ config: { hardLifetime: '12h' }, fake: bootstrappedFor(12) });
    const check = ((await h.provider.doctor?.(h.pool)) ?? []).find((c) => c.name.includes('lifetime'));
    expect(check).toMatchObject({ ok: true, detail: 'instances shut down after 720 minutes' });
  });
});
