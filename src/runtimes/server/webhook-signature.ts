import { Webhooks } from '@octokit/webhooks';

export type SignatureCheck = (body: string, signature: string | undefined) => Promise<boolean>;

const SIGNATURE = /^sha256=[0-9a-f]{64}$/;

/**
 * Verifies `X-Hub-Signature-256` with `@octokit/webhooks` (HMAC-SHA256, compared in
 * constant time) against the current secret, then each previous one, so a secret can be
 * rotated without losing deliveries signed with the old one.
 */
export function signatureCheck(secrets: readonly string[]): SignatureCheck {
  const verifiers = secrets.filter((s) => s.length > 0).map((secret) => new Webhooks({ secret }));
  return async (body, signature) => {
    // verify() throws on an empty payload or signature; neither can be a valid delivery.
    if (body.length === 0 || signature === undefined || !SIGNATURE.test(signature)) return false;
    for (const webhooks of verifiers) {
      if (await webhooks.verify(body, signature)) return true;
    }
    return false;
  };
}
