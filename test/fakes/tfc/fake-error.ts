/** An answer of the fake other than 2xx, rendered as a JSON:API error document. */
export class FakeError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(`${status} ${title}${detail === undefined ? '' : `: ${detail}`}`);
  }
}
