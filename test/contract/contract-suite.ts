import { afterEach, beforeEach, describe, it } from 'vitest';

export interface SuiteOptions<C extends string> {
  /** Skip the whole suite, with this reason in its title. */
  readonly skip?: string;
  /** Cases this backend is known to fail, each with what it lacks; shown as skipped. */
  readonly knownGaps?: Partial<Record<C, string>>;
}

/** Declares one case of a contract: its id (for known gaps), its title and its body. */
export type CaseFn<C extends string, H> = (id: C, title: string, body: (h: H) => Promise<void>) => void;

/**
 * The skeleton every contract suite shares (`describe.each` over backends calls it once per
 * backend): a fresh harness per case, cleaned up after it, and known gaps shown as skipped.
 */
export function defineContractSuite<C extends string, H extends { cleanup(): Promise<void> }>(
  title: string,
  factory: () => Promise<H>,
  options: SuiteOptions<C>,
  cases: (test: CaseFn<C, H>) => void,
): void {
  describe.skipIf(options.skip !== undefined)(
    `${title}${options.skip ? ` (skipped: ${options.skip})` : ''}`,
    () => {
      let current: H | undefined;
      beforeEach(async () => {
        current = await factory();
      });
      afterEach(async () => {
        await current?.cleanup();
        current = undefined;
      });
      cases((id, caseTitle, body) => {
        const gap = options.knownGaps?.[id];
        if (gap !== undefined) it.skip(`${caseTitle} (known gap: ${gap})`, () => {});
        else
          it(caseTitle, () => {
            if (current === undefined) throw new Error('no provider outside a test');
            return body(current);
          });
      });
    },
  );
}
