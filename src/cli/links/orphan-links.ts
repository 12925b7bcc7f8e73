// The orphan report of `mytpe-links links`: live links carrying one of this state's marks that its
// state does not hold — left by a run killed before it saved state whose declaration was then
// removed, kept by `retainOnDelete`, or replaced with the old link kept. Each is payable and
// managed by nobody; the report says the command that settles it. Whose mark is whose is
// provider/ownership.ts's answer, as for recovery and adoption: this state's own owner id, or,
// for marks written before owners were recorded, this project and stack.
import { nameOfUrn } from "../../link/urn.ts";
import type { Link } from "../../link/link.ts";
import type { LinkReader } from "../../provider/link-reader.ts";
import { recordedOwner, type Mark } from "../../provider/owner-mark.ts";
import { orphans, type OrphanScope } from "../../provider/ownership.ts";
import type { StackLink } from "./stack-links.ts";

export interface OrphanLink {
  link: Link;
  /** Its mark, read. */
  mark: Mark;
}

/** Whose orphans: the state's owner id (from its links' state), its project, and its stack's own name (`org/project/stack` → stack). */
export function orphanScope(held: readonly StackLink[], project: string, stack: string): OrphanScope {
  return { owner: recordedOwner(held.map((link) => link.state["owner"])), project, stack: stack.split("/").pop() ?? stack };
}

/** The orphans of the state among the links of `instances` (those of its state and declarations), through the report's reader. */
export async function orphanLinks(reader: LinkReader, scope: OrphanScope, held: readonly StackLink[], instances: readonly string[]): Promise<OrphanLink[]> {
  const listings = await Promise.all([...new Set(instances.map((id) => id.toLowerCase()))].map((instance) => reader.listing(instance, instance)));
  const live = listings.flatMap((listing) => [...listing.values()]);
  return orphans(live, scope, new Set(held.map((link) => link.id))).sort((a, b) => a.link.created_at.localeCompare(b.link.created_at));
}

/** What the report says of them: one line each, with what to do. Empty when there are none. */
export function orphanLines(found: readonly OrphanLink[], stack: string): string[] {
  if (found.length === 0) return [];
  return [
    `${found.length} live link${found.length === 1 ? "" : "s"} carr${found.length === 1 ? "ies" : "y"} a mark of stack ${stack} that its state does not hold (payable, managed by nobody):`,
    ...found.map(({ link, mark }) => {
      const name = nameOfUrn(mark.urn);
      return (
        `  ${link.id} ${link.slug} "${link.title}" (${link.status}), marked by ${name}: declare ${name} again to take it back ` +
        `(add status: archived to stop it), or \`mytpe-links release --link ${link.id} --stack ${stack}\` to unmark it for adoption elsewhere`
      );
    }),
  ];
}
