import { FakeError } from './fake-error.js';

/**
 * GitHub's `created` parameter on run listings, in its search syntax: `>=X`, `>X`, `<=X`,
 * `<X`, `X..Y` (either side may be `*`) or `X`, where X is a date (the whole day, UTC)
 * or an ISO time to the second.
 */
export type CreatedFilter = (createdAt: number) => boolean;

const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:\d{2})$/;

/** The first and last millisecond a date or time stands for. */
function span(text: string): { first: number; last: number } {
  if (DATE.test(text)) {
    const first = Date.parse(`${text}T00:00:00Z`);
    if (!Number.isNaN(first)) return { first, last: first + DAY_MS - 1 };
  }
  if (TIME.test(text)) {
    const first = Date.parse(text);
    if (!Number.isNaN(first)) return { first, last: first + 999 };
  }
  throw new FakeError(422, `Validation Failed: created is not a date or a date range: ${text}`);
}

export function createdFilter(value: string | null): CreatedFilter {
  if (value === null) return () => true;
  const op = /^(>=|<=|>|<)(.+)$/.exec(value);
  if (op !== null) {
    const { first, last } = span(op[2] ?? '');
    if (op[1] === '>=') return (t) => t >= first;
    if (op[1] === '>') return (t) => t > last;
    if (op[1] === '<=') return (t) => t <= last;
    return (t) => t < first;
  }
  const range = value.split('..');
  if (range.length === 2) {
    const [from = '', to = ''] = range;
    const first = from === '*' ? -Infinity : span(from).first;
    const last = to === '*' ? Infinity : span(to).last;
    return (t) => t >= first && t <= last;
  }
  const { first, last } = span(value);
  return (t) => t >= first && t <= last;
}
