// The live links, read through the one HTTP choke point (provider/api-client.ts `apiRequest`) and
// listed with the provider's own page reader (provider/link-pages.ts: oldest first, proven complete
// by `meta.total`) and LinkReader: one listing per payment instance, never one GET per link. A
// GET is made only for a link its instance's listing does not hold (to tell "gone" for sure) and
// for a whitelist link whose payers are needed (the list omits allowed_payers).
import type { Link } from "../../link/link.ts";
import { apiRequest, isApiError, type ApiConfig } from "../../provider/api-client.ts";
import { EVERY_INSTANCE, readInstance, readPage } from "../../provider/link-pages.ts";
import { LinkReader } from "../../provider/link-reader.ts";
import { instancesOf, type StackLink } from "./stack-links.ts";

export { EVERY_INSTANCE };

/** A reader for one report: its listings are read once and shared. */
export function linkReader(api: ApiConfig): LinkReader {
  return new LinkReader({
    get: (id) => getLink(api, id),
    page: (instance, page) =>
      readPage(api, instance, page, undefined, {
        operation: instance === EVERY_INSTANCE ? "list payment links" : `list the payment links of instance ${instance}`,
      }),
    instance: (instance, label) => readInstance(api, instance, label),
  });
}

/** The live link of each of the stack's links, by id; undefined for a link that no longer exists. */
export async function liveLinksOf(api: ApiConfig, links: readonly StackLink[], reader: LinkReader = linkReader(api)): Promise<Map<string, Link | undefined>> {
  const listings = await Promise.all(instancesOf(links).map((instance) => reader.listing(instance, instance)));
  const listed = new Map<string, Link>();
  for (const listing of listings) for (const [id, link] of listing) listed.set(id.toLowerCase(), link);
  const live = new Map<string, Link | undefined>();
  await Promise.all(
    links.map(async (link) => {
      live.set(link.id, listed.get(link.id.toLowerCase()) ?? (await getLink(api, link.id, link.name)));
    }),
  );
  return live;
}

/** Every live link of the trader (of one instance when given), whitelist links with their payers. */
export async function everyLiveLink(api: ApiConfig, instance: string = EVERY_INSTANCE): Promise<Link[]> {
  const listing = await linkReader(api).listing(instance.toLowerCase(), instance);
  return Promise.all(
    [...listing.values()].map(async (link) =>
      link.usage_mode === "whitelist" && link.allowed_payers === undefined ? ((await getLink(api, link.id, link.title)) ?? link) : link,
    ),
  );
}

/** GET /links/{id}; undefined on 404. */
async function getLink(api: ApiConfig, id: string, label: string = id): Promise<Link | undefined> {
  try {
    return (await apiRequest<{ data: Link }>(api, { operation: "read payment link", link: label }, "GET", `/links/${id}`)).data;
  } catch (error) {
    if (isApiError(error) && error.status === 404) return undefined;
    throw error;
  }
}
