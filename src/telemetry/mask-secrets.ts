/**
 * Replaces every secret in a serialised log line with `***`. A secret inside a JSON
 * string is escaped there (quotes, backslashes, control characters), so both spellings
 * are masked.
 */
export function maskSecrets(line: string, secrets: readonly string[]): string {
  let out = line;
  for (const secret of secrets) {
    if (secret.length === 0) continue;
    for (const form of [secret, JSON.stringify(secret).slice(1, -1)]) {
      if (out.includes(form)) out = out.split(form).join('***');
    }
  }
  return out;
}
