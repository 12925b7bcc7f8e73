// The orphan report of `mytpe-links links`: live links carrying one of this stack's marks that its
// state does not hold — left by a run killed before it saved state whose declaration was then
// removed, kept by `retainOnDelete`, or replaced with the old link kept. Each is payable and
// managed by nobody; the report says the command that settles it. Who owns a mark is
// provider/ownership.ts's answer, as for recovery and adoption.
import { nameOfUrn } from "../../link/urn.ts";
import type { Link } from "../../link/link.ts";
import type { LinkReader } from "../../provider/link-reader.ts";
import { orphans } from "../../provider/ownership.ts";
import type { StackLink } from "./stack-links.ts";

export interface OrphanLink {
  link: Link;
  /** The URN its mark names. */
  owner: string;
}

/** The orphans of `stack` among the links of `instances` (those of its state and declarations), through the report's reader. */
export async function orphanLinks(reader: LinkReader, stack: string, held: readonly StackLink[], instances: readonly string[]): Promise<OrphanLink[]> {
  const listings = await Promise.all([...new Set(instances.map((id) => id.toLowerCase()))].map((instance) => reader.listing(instance, instance)));
  const live = listings.flatMap((listing) => [...listing.values()]);
  return orphans(live, stack, new Set(held.map((link) => link.id))).sort((a, b) => a.link.created_at.localeCompare(b.link.created_at));
}

/** What the report says of them: one line each, with what to do. Empty when there are none. */
export function orphanLines(found: readonly OrphanLink[], stack: string): string[] {
  if (found.length === 0) return [];
  return [
    `${found.length} live link${found.length === 1 ? "" : "s"} carr${found.length === 1 ? "ies" : "y"} a mark of stack ${stack} that its state does not hold (payable, managed by nobody):`,
    ...found.map(
      ({ link, owner }) =>
        `  ${link.id} ${link.slug} "${link.title}" (${link.status}), marked by ${nameOfUrn(owner)}: declare ${nameOfUrn(owner)} again to take it back ` +
        `(add status: archived to stop it), or \`mytpe-links release --link ${link.id} --stack ${stack}\` to unmark it for adoption elsewhere`,
    ),
  ];
}
