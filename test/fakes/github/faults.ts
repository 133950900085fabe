import { FakeError } from './fake-error.js';
import type { FailureMode, Permission } from './types.js';

/** The failures a test has switched on; each API request and each connect asks here. */
export class Faults {
  private readonly pending: FailureMode[] = [];
  private readonly missing = new Set<Permission>();
  private crashes = 0;

  failNext(count: number, mode: FailureMode): void {
    for (let i = 0; i < count; i++) this.pending.push(mode);
  }

  /** The injected failure for this request, if one is due; it is used up. */
  takeFailure(): FakeError | undefined {
    const mode = this.pending.shift();
    if (mode === 'server-error') return new FakeError(502, 'Server Error');
    // What GitHub answers for a resource the credentials cannot see, as for a missing one.
    if (mode === 'not-found') return new FakeError(404, 'Not Found');
    if (mode === 'secondary-limit') {
      // The message octokit's throttling plugin recognises (/\bsecondary rate\b/i).
      return new FakeError(
        403,
        'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
        { 'retry-after': '1' },
      );
    }
    return undefined;
  }

  setMissing(permission: Permission, missing: boolean): void {
    if (missing) this.missing.add(permission);
    else this.missing.delete(permission);
  }

  isMissing(permission: Permission): boolean {
    return this.missing.has(permission);
  }

  crashNextConnects(count: number): void {
    this.crashes += count;
  }

  takeCrash(): boolean {
    if (this.crashes === 0) return false;
    this.crashes -= 1;
    return true;
  }
}
