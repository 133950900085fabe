import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * Constant-time token check. Both sides are hashed first: timingSafeEqual needs equal
 * lengths, and comparing digests keeps the token's length from leaking through an early
 * length mismatch.
 */
export function tokenMatches(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/** The token of an `Authorization: Bearer <token>` header, or undefined for any other shape. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer +([^\s]+) *$/i.exec(header ?? '');
  return match?.[1];
}

const CHALLENGE = { 'WWW-Authenticate': 'Bearer realm="ci-scaler"' };

/**
 * Requires `Authorization: Bearer <apiToken>` on every request it guards. With no token
 * configured the API refuses everything: an open control API could stop every pool.
 */
export function bearerAuth(apiToken: string | undefined): MiddlewareHandler {
  return async (c, next) => {
    if (apiToken === undefined || apiToken === '') {
      return c.json(
        { error: 'the control API is disabled: set server.apiToken (e.g. "${env:CI_SCALER_API_TOKEN}")' },
        401,
        CHALLENGE,
      );
    }
    const given = bearerToken(c.req.header('authorization'));
    if (given === undefined || !tokenMatches(given, apiToken)) {
      return c.json(
        { error: 'missing or wrong bearer token (Authorization: Bearer <token>)' },
        401,
        CHALLENGE,
      );
    }
    await next();
  };
}
