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
 * the first, then again only the pages a link may have been missing from, until the ids seen reach
 * the largest total reported.
 */
export async function readEveryPage(read: (page: number) => Promise<LinkPage>, what: string): Promise<Map<string, Link>> {
  const byId = new Map<string, Link>();
  /** Each page as it was last read. */
  const latest = new Map<number, LinkPage>();
  let total = 0;
  let wanted: number[] = [];
  let idle = 0;
  for (let pass = 1; ; pass++) {
    const before = { seen: byId.size };
    const pages: LinkPage[] = [];
    let readThrough = 0;
    const readAll = async (numbers: readonly number[]) => {
      for (let i = 0; i < numbers.length; i += 4) {
        const batch = numbers.slice(i, i + 4);
        pages.push(...(await Promise.all(batch.map(async (n) => latest.set(n, await read(n)).get(n) as LinkPage))));
      }
      readThrough = Math.max(readThrough, ...numbers);
    };
    if (pass === 1) await readAll([1]);
    await readAll(pass === 1 ? range(2, lastPageOf(latest)) : wanted);
    // Pages the listing grew by while it was read.
    await readAll(range(readThrough + 1, lastPageOf(latest)));
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
    // Readings that keep finding nothing new may be reading the wrong pages (an API that does not
    // sort as documented): the next one reads them all. (One alone proves little: the last links
    // tied across a boundary are each missed by a reading of both pages one time in four.)
    idle = byId.size > before.seen ? 0 : idle + 1;
    wanted = idle >= 3 ? range(1, lastPageOf(latest)) : pagesToReread(latest);
  }
}

/** The last page any page read says there is. */
function lastPageOf(latest: ReadonlyMap<number, LinkPage>): number {
  return Math.max(1, ...[...latest.values()].map((page) => page.lastPage));
}

/**
 * The pages a link may be missing from: links are sorted by `created_at`, so only links tied at the
 * second that a page boundary falls in can move across it between readings (the ranks of the
 * other seconds stay put; links created meanwhile go to the end). A boundary is tied when the last
 * link of the page before it and the first of the page after it share a second; both pages are
 * read again, and the last page (links created meanwhile go there; pages past it are read as soon
 * as a page says they exist).
 */
export function pagesToReread(latest: ReadonlyMap<number, Pick<LinkPage, "links" | "lastPage">>): number[] {
  const last = Math.max(1, ...[...latest.values()].map((page) => page.lastPage));
  const wanted = new Set<number>();
  for (let page = 1; page < last; page++) {
    const before = latest.get(page)?.links.at(-1);
    const after = latest.get(page + 1)?.links[0];
    if (before === undefined || after === undefined || sameSecond(before.created_at, after.created_at)) wanted.add(page).add(page + 1);
  }
  wanted.add(last);
  return [...wanted].sort((a, b) => a - b);
}

/** Whether two instants fall in the same whole second (when either cannot be read: assumed so). */
function sameSecond(a: string | undefined, b: string | undefined): boolean {
  const x = Date.parse(a ?? "");
  const y = Date.parse(b ?? "");
  return Number.isNaN(x) || Number.isNaN(y) || Math.floor(x / 1000) === Math.floor(y / 1000);
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
}
