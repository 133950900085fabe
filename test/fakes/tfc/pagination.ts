import { FakeError } from './fake-error.js';
import type { RouteResponse } from './route.js';
import type { JsonResource } from './shapes.js';

/** The API's page size when a client gives none, and the most it serves. */
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

function positive(url: URL, name: string, fallback: number): number {
  const raw = url.searchParams.get(name);
  if (raw === null) return fallback;
  if (!/^[1-9]\d*$/.test(raw)) throw new FakeError(400, 'bad request', `${name} must be a positive integer`);
  return Number(raw);
}

function pageLink(url: URL, page: number, size: number): string {
  const u = new URL(url);
  u.searchParams.set('page[number]', String(page));
  u.searchParams.set('page[size]', String(size));
  return u.href;
}

/**
 * One page of `items` with `links` and `meta.pagination`. The organisation runs listing
 * omits the totals (`withTotals: false`), as documented.
 */
export function paginate<T>(
  items: readonly T[],
  url: URL,
  withTotals = true,
): { items: T[]; links: Record<string, string | null>; pagination: Record<string, number | null> } {
  const size = Math.min(positive(url, 'page[size]', DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE);
  const page = positive(url, 'page[number]', 1);
  const pages = Math.max(1, Math.ceil(items.length / size));
  const next = page < pages ? page + 1 : null;
  const prev = page > 1 ? page - 1 : null;
  const links: Record<string, string | null> = {
    self: pageLink(url, page, size),
    first: pageLink(url, 1, size),
    prev: prev === null ? null : pageLink(url, prev, size),
    next: next === null ? null : pageLink(url, next, size),
    last: pageLink(url, pages, size),
  };
  const pagination: Record<string, number | null> = withTotals
    ? {
        'current-page': page,
        'prev-page': prev,
        'next-page': next,
        'total-pages': pages,
        'total-count': items.length,
      }
    : { 'current-page': page, 'prev-page': prev, 'next-page': next, 'page-size': size };
  return { items: items.slice((page - 1) * size, page * size), links, pagination };
}

/** A listing document: one page of resources with `links` and `meta.pagination`. */
export function listDocument(
  resources: readonly JsonResource[],
  url: URL,
  extra: { included?: JsonResource[]; withTotals?: boolean } = {},
): RouteResponse {
  const page = paginate(resources, url, extra.withTotals ?? true);
  return {
    status: 200,
    body: {
      data: page.items,
      ...(extra.included !== undefined && { included: extra.included }),
      links: page.links,
      meta: { pagination: page.pagination },
    },
  };
}
