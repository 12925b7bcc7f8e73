// Runs inside the Pulumi provider host, and in the `links` command: the one way an instance's links
// are listed page by page (GET /links, 100 a page), and the proof that a listing is complete.
//
// Why a listing needs a proof: pages are requested one by one, and the API sorts by `created_at`,
// at whole seconds on the real API, with ties broken in no documented order — possibly differently
// on each request. A link tied with others at a page boundary may then be on two pages, and another
// on none: "not listed" would not mean "absent". No sort key is unique (the API sorts by
// created_at, updated_at, title, status or paid_count), so no order can rule that out. What holds
// instead is counting: links are never deleted (archive keeps them listed), so the set of an
// instance's links only grows, and every page says how large it was when served (`meta.total`).
// The ids seen across all pages read so far are all in the set as it was at the latest page;
// once there are at least as many as the largest total any page reported, they are that whole set,
// every link that existed when the listing began included. Until then the pages are read again and
// the ids added up, MAX_PASSES at most: a pass misses a link only by chance, so the passes needed
// grow with the log of the links tied at page boundaries (250 links all in one second: about 8).
import { apiRequest, isApiError, type ApiConfig } from "./api-client.ts";
import type { Link } from "../link/link.ts";

/** One page of a listing: its links, the paginator's last page, and how many links it counts in all. */
export interface LinkPage {
  links: Link[];
  lastPage: number;
  /** `meta.total`; undefined when the API did not say (then the listing is taken as read). */
  total: number | undefined;
}

/** A listing of every instance of the trader at once (the `links` command), not one instance. */
export const EVERY_INSTANCE = "";

/** How many times the pages are read before a listing that keeps missing links is an error. */
export const MAX_PASSES = 20;

/** The query of page `page` of an instance's links (or the trader's, for EVERY_INSTANCE), oldest first. */
export function pageQuery(instance: string, page: number): string {
  return new URLSearchParams({
    ...(instance === EVERY_INSTANCE ? {} : { payment_instance_id: instance }),
    per_page: "100",
    page: String(page),
    sort_by: "created_at",
    // Oldest first: a link created while the pages are read goes to the end, shifting no page.
    sort_dir: "asc",
  }).toString();
}

/**
 * One page of a listing. Errors name the `operation` ("look for payment link" by default) and the
 * link the listing is for, when there is one (`label`).
 */
export async function readPage(
  api: ApiConfig,
  instance: string,
  page: number,
  label: string | undefined,
  options: { operation?: string } = {},
): Promise<LinkPage> {
  const operation = options.operation ?? "look for payment link";
  const answer = await apiRequest<{ data: Link[]; meta?: { last_page?: number; total?: number } }>(
    api,
    label === undefined ? { operation } : { operation, link: label },
    "GET",
    `/links?${pageQuery(instance, page)}`,
  );
  return { links: answer.data, lastPage: answer.meta?.last_page ?? page, total: answer.meta?.total };
}

/**
 * GET /instances/{id}. A 404 means these keys cannot see the instance (another trader's keys, or
 * not the trader's instance): an error naming the keys by their id's prefix, the trader they
 * belong to (GET /me) and the API, because nothing about the instance's links can then be known.
 */
export async function readInstance(api: ApiConfig, instance: string, label: string): Promise<void> {
  try {
    await apiRequest(api, { operation: "read payment instance", link: label }, "GET", `/instances/${instance}`);
  } catch (error) {
    if (!isApiError(error) || error.status !== 404) throw error;
    const me = await apiRequest<{ data?: { name?: string; email?: string } }>(api, { operation: "check credentials" }, "GET", "/me").then(
      (answer) => answer.data,
      () => undefined,
    );
    const trader = [me?.name && `"${me.name}"`, me?.email && `<${me.email}>`].filter(Boolean).join(" ");
    throw new Error(
      `${label}: the MyTPE API at ${api.apiUrl} answers 404 for its payment instance ${instance} to the API key ` +
        `${keyIdOf(api.apiKey)}${trader ? ` (trader ${trader})` : ""}. These keys cannot see the instance: they are another ` +
        "trader's, or the instance is not theirs; whether the link still exists cannot be known, so nothing was changed. " +
        "Set the keys of the trader that owns it (mytpe:apiKey and mytpe:apiSecret, or MYTPE_API_KEY and MYTPE_API_SECRET) and run again.",
    );
  }
}

/** An API key as messages may name it: its kind and the first characters of its id, never all of it. */
export function keyIdOf(apiKey: string): string {
  const match = /^(mtk_[a-z]+_)(.*)$/.exec(apiKey);
  return match ? `${match[1]}${(match[2] ?? "").slice(0, 4)}…` : `${apiKey.slice(0, 4)}…`;
}

/**
 * Every link of a listing, proven complete as the header says: every page, four at a time after
 * the first, read again until the ids seen reach the largest total reported.
 */
export async function readEveryPage(
  read: (page: number) => Promise<LinkPage>,
  what: string,
): Promise<Map<string, Link>> {
  const byId = new Map<string, Link>();
  let total = 0;
  for (let pass = 1; ; pass++) {
    const first = await read(1);
    const pages = [first];
    const rest = Array.from({ length: Math.max(0, first.lastPage - 1) }, (_, i) => i + 2);
    for (let i = 0; i < rest.length; i += 4) pages.push(...(await Promise.all(rest.slice(i, i + 4).map(read))));
    for (const page of pages) for (const link of page.links) byId.set(link.id, link);
    if (pages.some((page) => page.total === undefined)) return byId;
    total = Math.max(total, ...pages.map((page) => page.total ?? 0));
    if (byId.size >= total) return byId;
    if (pass >= MAX_PASSES) {
      throw new Error(
        `the listing of ${what} stayed incomplete after ${pass} readings (${byId.size} of ${total} links seen): ` +
          "links were being created all the while, or the API pages inconsistently; nothing was changed, run again",
      );
    }
  }
}
