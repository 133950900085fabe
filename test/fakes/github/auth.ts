import { randomBytes, verify } from 'node:crypto';
import type { FakeAppOptions } from './types.js';

/** Who a request is from; `key` names its rate-limit bucket. */
export type Credential =
  | { readonly kind: 'token'; readonly key: string }
  | { readonly kind: 'installation'; readonly key: string; readonly installationId: number }
  | { readonly kind: 'app'; readonly key: string };

const INSTALLATION_TOKEN_MS = 60 * 60 * 1000;

function decodeJson(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * Checks an App JWT the way GitHub does: RS256, signed by the App's key, issued by the
 * App. The times are not checked against the fake's clock: the client signs with the
 * real clock, and a test may run the fake on a made-up one.
 */
export function verifyAppJwt(jwt: string, app: FakeAppOptions): boolean {
  const [header, payload, signature, ...rest] = jwt.split('.');
  if (header === undefined || payload === undefined || signature === undefined || rest.length > 0)
    return false;
  const head = decodeJson(header);
  const claims = decodeJson(payload);
  if (!isRecord(head) || head['alg'] !== 'RS256' || !isRecord(claims)) return false;
  if (String(claims['iss']) !== app.appId) return false;
  const iat = claims['iat'];
  const exp = claims['exp'];
  // GitHub refuses a JWT that lives longer than ten minutes.
  if (typeof iat !== 'number' || typeof exp !== 'number' || exp <= iat || exp - iat > 600) return false;
  try {
    const data = Buffer.from(`${header}.${payload}`);
    return verify('RSA-SHA256', data, app.publicKeyPem, Buffer.from(signature, 'base64url'));
  } catch {
    return false;
  }
}

export class Authenticator {
  private readonly installationTokens = new Map<string, { installationId: number; expiresAt: number }>();

  constructor(
    private readonly tokens: readonly string[],
    private readonly app: FakeAppOptions | undefined,
    private readonly clock: () => number,
  ) {}

  /** The credential of an `Authorization` header (`token X` or `Bearer X`), if valid. */
  identify(authorization: string | undefined): Credential | undefined {
    const match = /^(?:token|bearer)\s+(\S+)$/i.exec(authorization?.trim() ?? '');
    const secret = match?.[1];
    if (secret === undefined) return undefined;
    if (this.tokens.includes(secret)) return { kind: 'token', key: secret };
    const installation = this.installationTokens.get(secret);
    if (installation !== undefined && installation.expiresAt > this.clock()) {
      // GitHub counts an App's requests per installation, whichever token it uses.
      const { installationId } = installation;
      return { kind: 'installation', key: `installation:${installationId}`, installationId };
    }
    if (this.app !== undefined && verifyAppJwt(secret, this.app)) {
      return { kind: 'app', key: `app:${this.app.appId}` };
    }
    return undefined;
  }

  issueInstallationToken(installationId: number): { token: string; expiresAt: number } {
    const token = `ghs_${randomBytes(18).toString('hex')}`;
    const expiresAt = this.clock() + INSTALLATION_TOKEN_MS;
    this.installationTokens.set(token, { installationId, expiresAt });
    return { token, expiresAt };
  }
}
