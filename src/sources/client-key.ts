import { createHash } from 'node:crypto';

/**
 * The key under which pools share one API client: their scope and who they sign in as.
 * Two pools of one scope with different credentials each keep their own client, so no pool
 * ever calls the API with another pool's token. The credentials enter as a digest only:
 * the key is a map key, but nothing secret should sit where a debugger or a dump shows it.
 */
export function clientKey(
  scope: string,
  credentials: Readonly<Record<string, string | number | undefined>>,
): string {
  const digest = createHash('sha256').update(JSON.stringify(credentials)).digest('hex').slice(0, 16);
  return `${scope}#${digest}`;
}
