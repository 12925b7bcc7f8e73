// Runs inside the Pulumi provider host (and the `links` command): the links of one listing by id,
// and by the resource their mark names, so that a create looking for its own links (recovery.ts),
// or a read looking for a later generation of its mark (link-identity.ts), reads the few links
// marked by its resource instead of every link of the instance: a run creating 10,000 links made
// 10,000 such looks, each reading every link listed and every link created so far (#30).
//
// The index only narrows: what a mark says, and whose it is, stays ownership.ts's answer
// (`classifyMark`, applied by the callers to what `markedBy` returns). Every mark that names the
// resource (owner-mark.ts `namesResource`), whatever its owner id, has its key among `ownerKeys`
// of the resource (see below); a resource whose identity is not a URN is answered with every link.
import type { Link } from "../link/link.ts";
import { markOf } from "./link-marker.ts";
import { legacyMarkOf, parseMark, sameEntry } from "./owner-mark.ts";

/**
 * The key a mark is filed under: the resource it names — its generation, flag and owner id left
 * out — in the dynamic entry's spelling; a pre-1.0 mark (no `urn:pulumi:` prefix) whole.
 */
export function markKey(mark: string): string {
  return sameEntry(parseMark(mark)?.urn ?? mark);
}

/** The keys under which the marks of the resource `urn` are filed (see markKey). */
export function ownerKeys(urn: string): string[] {
  const same = sameEntry(urn);
  const legacy = legacyMarkOf(same);
  return [...new Set([same, ...(legacy === undefined ? [] : [legacy])])];
}

/** An instance's links by id (a Map, as every reader of a listing uses it), indexed by their marks' owners. */
export class Listing extends Map<string, Link> {
  private byOwner: Map<string, Set<string>> | undefined;

  /** The listing of these links, by id. */
  static of(links: Iterable<Link>): Listing {
    const listing = new Listing();
    for (const link of links) listing.set(link.id, link);
    return listing;
  }

  override set(id: string, link: Link): this {
    this.unfile(id);
    super.set(id, link);
    const mark = markOf(link);
    if (mark !== undefined) {
      this.byOwner ??= new Map();
      const key = markKey(mark);
      const ids = this.byOwner.get(key) ?? new Set<string>();
      ids.add(id);
      this.byOwner.set(key, ids);
    }
    return this;
  }

  override delete(id: string): boolean {
    this.unfile(id);
    return super.delete(id);
  }

  override clear(): void {
    this.byOwner = undefined;
    super.clear();
  }

  /**
   * The links whose mark may name the resource `urn` — every one `readOwnMark` reads as its, maybe
   * a few more (the caller reads each mark) — or every link when `urn` is not a URN.
   */
  markedBy(urn: string): Link[] {
    if (!urn.startsWith("urn:pulumi:")) return [...this.values()];
    const ids = new Set(ownerKeys(urn).flatMap((key) => [...(this.byOwner?.get(key) ?? [])]));
    return [...ids].map((id) => this.get(id)).filter((link): link is Link => link !== undefined);
  }

  private unfile(id: string): void {
    const before = this.get(id);
    const mark = before === undefined ? undefined : markOf(before);
    if (mark === undefined) return;
    const key = markKey(mark);
    const ids = this.byOwner?.get(key);
    ids?.delete(id);
    if (ids?.size === 0) this.byOwner?.delete(key);
  }
}
