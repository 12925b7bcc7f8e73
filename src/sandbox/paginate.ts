// The Laravel length-aware paginator envelope every list answers with (contract §2).

import type { Paging } from "./list-query.ts";

/** `{data, links, meta}` exactly as Laravel's API resources serialise a paginator. */
export type Page<T> = {
  data: T[];
  links: { first: string; last: string; prev: string | null; next: string | null };
  meta: {
    current_page: number;
    from: number | null;
    to: number | null;
    per_page: number;
    last_page: number;
    total: number;
  };
};

/**
 * Slices `items` for `paging`. Page links keep the other query parameters (filters, per_page) so
 * a client can follow `next` blindly. A page past the end is empty, not an error, like Laravel.
 */
export function paginate<T>(items: readonly T[], paging: Paging, pageUrl: string, query: URLSearchParams): Page<T> {
  const total = items.length;
  const lastPage = Math.max(1, Math.ceil(total / paging.perPage));
  const start = (paging.page - 1) * paging.perPage;
  const data = items.slice(start, start + paging.perPage);
  const link = (page: number): string => {
    const q = new URLSearchParams(query);
    q.set("page", String(page));
    return `${pageUrl}?${q.toString()}`;
  };
  return {
    data,
    links: {
      first: link(1),
      last: link(lastPage),
      prev: paging.page > 1 ? link(Math.min(paging.page - 1, lastPage)) : null,
      next: paging.page < lastPage ? link(paging.page + 1) : null,
    },
    meta: {
      current_page: paging.page,
      from: data.length === 0 ? null : start + 1,
      to: data.length === 0 ? null : start + data.length,
      per_page: paging.perPage,
      last_page: lastPage,
      total,
    },
  };
}
