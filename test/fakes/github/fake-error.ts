/**
 * A refusal the fake answers with its HTTP status and GitHub's message; test controls
 * (startJob, completeJob) let it throw, so a misuse reads the same as on the wire.
 */
export class FakeError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'FakeError';
  }
}

export function notFound(): FakeError {
  return new FakeError(404, 'Not Found');
}
