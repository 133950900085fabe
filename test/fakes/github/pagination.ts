const DEFAULT_PER_PAGE = 30;
const MAX_PER_PAGE = 100;

export interface Page<T> {
  readonly items: T[];
  /** The `Link` header, absent when everything fit on one page. */
  readonly link: string | undefined;
}

function positiveInt(value: string | null, fallback: number): number {
  if (value === null || !/^\d+$/.test(value)) return fallback;
  const n = Number(value);
  return n >= 1 ? n : fallback;
}

/**
 * GitHub's page-number pagination: `per_page` (default 30, at most 100) and `page`,
 * with `Link` relations octokit's `paginate` follows.
 */
export function paginate<T>(items: readonly T[], url: URL): Page<T> {
  const perPage = Math.min(positiveInt(url.searchParams.get('per_page'), DEFAULT_PER_PAGE), MAX_PER_PAGE);
  const page = positiveInt(url.searchParams.get('page'), 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const slice = items.slice((page - 1) * perPage, page * perPage);
  if (last === 1) return { items: slice, link: undefined };
  const to = (n: number): string => {
    const next = new URL(url);
    next.searchParams.set('page', String(n));
    return `<${next.toString()}>`;
  };
  const rels: string[] = [];
  if (page > 1) rels.push(`${to(Math.min(page - 1, last))}; rel="prev"`);
  if (page < last) rels.push(`${to(page + 1)}; rel="next"`, `${to(last)}; rel="last"`);
  if (page > 1) rels.push(`${to(1)}; rel="first"`);
  return { items: slice, link: rels.join(', ') };
}

/**
 * A paginated listing's body (`{ total_count, <key>: [...] }`) and its headers.
 * `total` is what `total_count` says when GitHub serves fewer items than match (a search cap).
 */
export function listing<K extends string, T>(
  key: K,
  items: readonly T[],
  url: URL,
  total = items.length,
): { status: number; body: { total_count: number } & Record<K, T[]>; headers: Record<string, string> } {
  const page = paginate(items, url);
  const body = { total_count: total, [key]: page.items } as { total_count: number } & Record<K, T[]>;
  return { status: 200, body, headers: page.link === undefined ? {} : { link: page.link } };
}
