// Runs inside the Pulumi provider host (and in `mytpe-links links` and `release`): whose link is
// this? The one place that answers it, for recovery after a lost answer or a kill, adoption, a
// replacement, a rename, a hand-off and the orphan report. Pure functions (table-tested in
// test/provider/ownership.test.ts); docs/architecture.md says what they guarantee.
//
// The mark (`_pulumi_link` in a link's metadata, link-marker.ts) names the resource that owns the
// link and which of that resource's successive links it is:
//   <URN>                 generation 1 (exactly what 1.0 wrote, so 1.0 still recognises it)
//   <URN>#<n>             generation n ≥ 2: the link made by the (n−1)th replacement
//   <URN>#<n>!replaced    generation n, being replaced with its old link archived first
//                         (deleteBeforeReplace): the replacement is still owed
//   <project>/<stack>/<name>  before 1.0: generation 0, a resource without a parent
// A replacement gives the new link the next generation, so a resource's current link, the link it
// is replacing and a link an interrupted replacement left behind are always told apart.
import type { Link } from "../link/link.ts";
import { nameOfUrn, stackOfUrn } from "../link/urn.ts";
import { markOf } from "./link-marker.ts";
import { PAYMENT_LINK_TYPE } from "./protocol.ts";
import { isTerminal } from "./status-plan.ts";

/** What a mark says, once read against the URN of the resource asking. */
export interface OwnMark {
  generation: number;
  /** The owner archived this link first to replace it (deleteBeforeReplace): a new one is owed. */
  replaced: boolean;
}

/** The longest suffix a mark adds to a URN (`#<generation>!replaced`). */
export const MARK_SUFFIX_ROOM = 20;

const SUFFIX = /^#([1-9][0-9]{0,8})(!replaced)?$/;

/** The mark of generation `generation` of the resource `urn`. */
export function formatMark(urn: string, generation: number, replaced = false): string {
  if (generation <= 1 && !replaced) return urn;
  return `${urn}#${Math.max(1, generation)}${replaced ? "!replaced" : ""}`;
}

/**
 * A URN with the plugin's type token (mytpe:index:PaymentLink) written as the dynamic one: a
 * resource moved between the two entries by a type alias is one resource, and so is its mark.
 */
export function sameEntry(urn: string): string {
  return urn.replace(/(::|\$)mytpe:index:PaymentLink::/, `$1${PAYMENT_LINK_TYPE}::`);
}

/** How `mark` names the resource `urn`, or undefined when it names another (or none). */
export function readOwnMark(text: string | undefined, resource: string): OwnMark | undefined {
  if (text === undefined) return undefined;
  const mark = sameEntry(text);
  const urn = sameEntry(resource);
  if (mark === urn) return { generation: 1, replaced: false };
  if (mark.startsWith(urn)) {
    const suffix = SUFFIX.exec(mark.slice(urn.length));
    if (suffix) return { generation: Number(suffix[1]), replaced: suffix[2] !== undefined };
  }
  const legacy = legacyMarkOf(urn);
  return legacy !== undefined && mark === legacy ? { generation: 0, replaced: false } : undefined;
}

export function isOwnMark(mark: string | undefined, urn: string): boolean {
  return readOwnMark(mark, urn) !== undefined;
}

/** The URN a mark names (its generation left out), or the pre-1.0 text as it is. */
export function ownerOfMark(mark: string): string {
  const hash = mark.lastIndexOf("#");
  return mark.startsWith("urn:pulumi:") && hash > 0 && SUFFIX.test(mark.slice(hash)) ? mark.slice(0, hash) : mark;
}

/** The pre-1.0 mark of a resource without a parent, from its URN; undefined for any other. */
export function legacyMarkOf(urn: string): string | undefined {
  const parts = urn.split("::");
  // urn:pulumi:<stack>::<project>::<type>::<name>: a parent would put `$` in the type part.
  if (parts.length !== 4 || (parts[2] ?? "").includes("$")) return undefined;
  return `${parts[1]}/${stackOfUrn(urn)}/${nameOfUrn(urn)}`;
}

/**
 * The mark to write on a link managed by `urn`, or undefined when it may stay as it is. A PUT is
 * made for it when the link carries no mark of `urn` (adopted; renamed — its generation kept) or
 * says it is being replaced (no longer owed); a PUT made anyway (`writing`) also brings a pre-1.0
 * or otherwise differently written mark to the current form.
 */
export function markToWrite(link: Pick<Link, "metadata">, urn: string, writing: boolean): string | undefined {
  const mark = markOf(link);
  const own = readOwnMark(mark, urn);
  const wanted = formatMark(urn, own ? own.generation || 1 : generationOfAnyMark(mark));
  if (!own || own.replaced) return wanted;
  return writing && mark !== wanted ? wanted : undefined;
}

/** The generation any URN mark states (1 when it states none). */
function generationOfAnyMark(mark: string | undefined): number {
  if (mark === undefined) return 1;
  const owner = ownerOfMark(mark);
  return owner === mark ? 1 : (readOwnMark(mark, owner)?.generation ?? 1);
}

/** The generation a new link of `urn` gets: one past every link the resource has had. */
export function nextGeneration(links: Iterable<Link>, urn: string): number {
  let highest = 0;
  for (const link of links) highest = Math.max(highest, readOwnMark(markOf(link), urn)?.generation ?? 0);
  return highest + 1;
}

/**
 * The live link a create of `urn` may take instead of making one: carrying its mark, not ended,
 * not being replaced, not held by any resource in this run (`held`: the link a replacement
 * replaces, a renamed resource's link), and one the declaration can be brought to in place
 * (`fits`). The newest generation wins.
 */
export function recoverable(links: Iterable<Link>, urn: string, held: ReadonlySet<string>, fits: (link: Link) => boolean): Link | undefined {
  let best: { link: Link; generation: number } | undefined;
  for (const link of links) {
    const own = readOwnMark(markOf(link), urn);
    if (!own || own.replaced || isTerminal(link.status) || held.has(link.id) || !fits(link)) continue;
    if (!best || own.generation > best.generation) best = { link, generation: own.generation };
  }
  return best?.link;
}

/**
 * Whether the resource `urn`, whose state holds `current`, has a replacement owed or half done:
 * its link says it is being replaced, or a live link of a later generation carries its mark (a
 * replacement created it, then the run was killed before state recorded it).
 */
export function interruptedReplacement(current: Link, links: Iterable<Link>, urn: string): boolean {
  const own = readOwnMark(markOf(current), urn);
  if (own?.replaced) return true;
  const generation = own?.generation ?? 0;
  for (const link of links) {
    if (link.id === current.id || isTerminal(link.status)) continue;
    const other = readOwnMark(markOf(link), urn);
    if (other && !other.replaced && other.generation > generation) return true;
  }
  return false;
}

/**
 * Why `urn` may not take the live link as its own (adoption), if it may not: a link has one owner.
 * `heldBy`: the resource that holds it in this run, if any.
 */
export function ownerRefusal(live: Link, urn: string | undefined, heldBy: string | undefined): string | undefined {
  const mark = markOf(live);
  if (mark !== undefined && urn !== undefined && !isOwnMark(mark, urn)) {
    return (
      `link ${live.id} is managed by ${describeOwner(ownerOfMark(mark))} (its mark); a link has one owner: ` +
      `hand it over first — in that stack run \`mytpe-links release ${nameOfUrn(ownerOfMark(mark))}\` (it forgets the link without archiving it) — or remove \`adopt\` here`
    );
  }
  if (heldBy !== undefined && urn !== undefined && heldBy !== urn) {
    return `link ${live.id} is taken by ${describeOwner(heldBy)} too; a link has one owner: keep \`adopt: ${live.id}\` on one declaration only`;
  }
  return undefined;
}

/** What `adopt:` on a resource that already manages link `id` means, added, changed or removed. */
export type AdoptChange = { kind: "same" } | { kind: "record"; message: string } | { kind: "refuse"; reason: string };

export function adoptChange(id: string, before: string | undefined, after: string | undefined): AdoptChange {
  if (before === after) return { kind: "same" };
  if (after === undefined) return { kind: "record", message: `adopt removed: it keeps managing link ${id} (no API write)` };
  if (after === id) return { kind: "record", message: `adopt: ${id} is the link it manages already (no API write)` };
  return {
    kind: "refuse",
    reason:
      `adopt: ${after} on a resource that already manages link ${id}; a resource manages one link: ` +
      `to manage ${after} here instead, run \`mytpe-links release\` for this link (it forgets ${id} without archiving it), then up; ` +
      `or declare ${after} under a new name`,
  };
}

/**
 * Live links carrying a mark of `stack` (of any generation, not ended, not in `held`): left by a
 * killed run whose declaration was then removed, or kept by `retainOnDelete`. With the URN each
 * names.
 */
export function orphans(links: Iterable<Link>, stack: string, held: ReadonlySet<string>): { link: Link; owner: string }[] {
  const found: { link: Link; owner: string }[] = [];
  for (const link of links) {
    const mark = markOf(link);
    if (mark === undefined || isTerminal(link.status) || held.has(link.id)) continue;
    const owner = ownerOfMark(mark);
    if (stackOfUrn(owner) === stack || owner.split("/")[1] === stack) found.push({ link, owner });
  }
  return found;
}

/** A resource named for people: its name, stack and project. */
export function describeOwner(urn: string): string {
  const stack = stackOfUrn(urn);
  if (stack === undefined) return `"${urn}" (a mark written before 1.0)`;
  const project = urn.split("::")[1] ?? "";
  return `resource "${nameOfUrn(urn)}" of stack ${stack} (project ${project})`;
}

/** What changes in a resource's identity when nothing changes on its live link's fields. */
export type IdentityChange = { kind: "none" } | { kind: "rename" | "state-recorded" | "state-upgrade"; message: string };

/**
 * A rename (aliases, a new parent, `stack rename`, a project rename: its URN changed) moves the
 * mark on the live link in the same `up`; `adopt:` added or removed, and state written by an
 * earlier version (another stored provider text, a pre-1.0 mark, an older state version: `state`),
 * are recorded with no API write.
 */
export function identityChange(before: unknown, urn: string | undefined, adopt: AdoptChange, state: { older: boolean; from: number; to: number }): IdentityChange {
  if (urn !== undefined && typeof before === "string" && before !== urn && before.startsWith("urn:pulumi:") && urn.startsWith("urn:pulumi:")) {
    return { kind: "rename", message: `renamed from ${before}; the link's mark follows (a metadata update; nothing else changes)` };
  }
  if (adopt.kind === "record") return { kind: "state-recorded", message: adopt.message };
  if (state.older || before !== urn) {
    return {
      kind: "state-upgrade",
      message: `state written by an earlier version of mytpe-links (state version ${state.from}); recording it as state version ${state.to} (no API write)`,
    };
  }
  return { kind: "none" };
}
