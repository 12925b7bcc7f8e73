// Query parameters of the list routes (contract §2, §3): paging for every list, plus filters and
// sorting for `GET /links`. Bad values are 422s, as a Laravel FormRequest would answer.

import { LINK_STATUSES, USAGE_MODES, type Link, type LinkStatus, type UsageMode } from "./link.ts";
import { ErrorBag, isUuid, say } from "./validation.ts";

export const DEFAULT_PER_PAGE = 15;
export const MAX_PER_PAGE = 100;

export const LINK_SORT_KEYS = ["created_at", "updated_at", "title", "status", "paid_count"] as const;
export type LinkSortKey = (typeof LINK_SORT_KEYS)[number];

export type Paging = { page: number; perPage: number };

export type LinkListQuery = Paging & {
  paymentInstanceId: string | null;
  status: LinkStatus | null;
  usageMode: UsageMode | null;
  search: string | null;
  sortBy: LinkSortKey;
  sortDir: "asc" | "desc";
};

export function parsePaging(query: URLSearchParams, bag = new ErrorBag()): Paging {
  const page = positiveInteger(query, "page", 1, null, bag);
  const perPage = positiveInteger(query, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE, bag);
  bag.throwIfAny(["page", "per_page"]);
  return { page, perPage };
}

export function parseLinkListQuery(query: URLSearchParams): LinkListQuery {
  const bag = new ErrorBag();
  const page = positiveInteger(query, "page", 1, null, bag);
  const perPage = positiveInteger(query, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE, bag);

  const instance = nonEmpty(query, "payment_instance_id");
  if (instance !== null && !isUuid(instance)) bag.add("payment_instance_id", say.uuid("payment_instance_id"));
  const status = choice(query, "status", LINK_STATUSES, bag);
  const usageMode = choice(query, "usage_mode", USAGE_MODES, bag);
  const sortBy = choice(query, "sort_by", LINK_SORT_KEYS, bag);
  const sortDir = choice(query, "sort_dir", ["asc", "desc"] as const, bag);

  bag.throwIfAny(["page", "per_page", "payment_instance_id", "status", "usage_mode", "search", "sort_by", "sort_dir"]);
  return {
    page,
    perPage,
    paymentInstanceId: instance?.toLowerCase() ?? null,
    status,
    usageMode,
    search: nonEmpty(query, "search"),
    sortBy: sortBy ?? "created_at",
    sortDir: sortDir ?? "desc",
  };
}

/**
 * Filters and sorts; ties are broken by id (ascending) so pages never overlap or skip. With
 * `shuffledTies` (the `shuffle_ties` fault), instants compare at whole seconds, as the real API
 * stores them, and ties are broken by a random draw per link: a new order on every request.
 */
export function selectLinks(links: readonly Link[], q: LinkListQuery, shuffledTies?: () => number): Link[] {
  const needle = q.search?.toLowerCase() ?? null;
  const kept = links.filter(
    (link) =>
      (q.paymentInstanceId === null || link.payment_instance_id === q.paymentInstanceId) &&
      (q.status === null || link.status === q.status) &&
      (q.usageMode === null || link.usage_mode === q.usageMode) &&
      (needle === null || link.title.toLowerCase().includes(needle) || link.slug.toLowerCase().includes(needle)),
  );
  const sign = q.sortDir === "asc" ? 1 : -1;
  if (shuffledTies) {
    const draw = new Map(kept.map((link) => [link.id, shuffledTies()]));
    return kept.sort((a, b) => sign * compareBy(a, b, q.sortBy, true) || (draw.get(a.id) ?? 0) - (draw.get(b.id) ?? 0));
  }
  return kept.sort((a, b) => sign * compareBy(a, b, q.sortBy) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function compareBy(a: Link, b: Link, key: LinkSortKey, wholeSeconds = false): number {
  if (key === "paid_count") return a.paid_count - b.paid_count;
  // Titles sort case-insensitively, like MySQL's default collation would; instants at whole
  // seconds are the first 19 characters of their fixed-width form (timestamp.ts).
  const at = (link: Link) => (wholeSeconds ? link[key as "created_at"].slice(0, 19) : link[key as "created_at"]);
  const x = key === "title" ? a.title.toLowerCase() : key === "status" ? a.status : at(a);
  const y = key === "title" ? b.title.toLowerCase() : key === "status" ? b.status : at(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function nonEmpty(query: URLSearchParams, name: string): string | null {
  const value = query.get(name);
  return value === null || value === "" ? null : value;
}

function positiveInteger(query: URLSearchParams, name: string, fallback: number, max: number | null, bag: ErrorBag): number {
  const raw = nonEmpty(query, name);
  if (raw === null) return fallback;
  if (!/^\d+$/.test(raw)) {
    bag.add(name, say.integer(name));
    return fallback;
  }
  const n = Number(raw);
  if (n < 1) bag.add(name, say.atLeast(name, 1));
  else if (max !== null && n > max) bag.add(name, say.atMost(name, max));
  return n;
}

function choice<T extends string>(query: URLSearchParams, name: string, choices: readonly T[], bag: ErrorBag): T | null {
  const raw = nonEmpty(query, name);
  if (raw === null) return null;
  const found = choices.find((c) => c === raw);
  if (found === undefined) bag.add(name, say.invalidChoice(name));
  return found ?? null;
}
