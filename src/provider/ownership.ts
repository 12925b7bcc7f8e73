// Runs inside the Pulumi provider host (and in `mytpe-links links` and `release`): whose link is
// this? The one place that answers it — for a create that finds a link already there, an adoption,
// each step on a link a state holds, an interrupted replacement, a rename, a hand-off and the orphan
// report. Pure functions (table-tested in test/provider/ownership.test.ts); the mark's text is
// owner-mark.ts's; docs/architecture.md ("One link, one owner") says what they guarantee.
//
// A resource's identity is its URN and its state's owner id (`Self`). The URN names the project,
// stack and resource but no organization, backend or state; the owner id tells two states with the
// same names apart: it is born at random with a state's first link and recorded in every link's
// state (the program reads it back from the saved state, the plugin from its provider resource).
// A link is provably a state's own only when its mark names both its resource and its owner id.
import type { Link } from "../link/link.ts";
import { markOf } from "./link-marker.ts";
import { describeMark, formatMark, namesResource, parseMark, projectStackOf, type Mark } from "./owner-mark.ts";
import { isTerminal } from "./status-plan.ts";

/** The resource asking, as its state knows it. */
export interface Self {
  urn: string;
  /** Its state's owner id; undefined when not known (a preview of a new state; state written before version 3). */
  owner: string | undefined;
}

/** What a live link's mark says of the resource `self`. */
export type MarkClass =
  | { kind: "unmarked" }
  /** Its resource and its owner id: provably this state's. */
  | { kind: "own"; mark: Mark }
  /** Its resource, written before state version 3 (no owner id): this state's only if it holds it. */
  | { kind: "no-owner"; mark: Mark }
  /** Its resource's name, in another state (another organization, backend, or a state made again). */
  | { kind: "other-state"; mark: Mark }
  /** Another resource. */
  | { kind: "other-resource"; mark: Mark };

export function classifyMark(text: string | undefined, self: Self): MarkClass {
  const mark = parseMark(text);
  if (mark === undefined) return { kind: "unmarked" };
  if (!namesResource(mark, self.urn)) return { kind: "other-resource", mark };
  if (mark.owner === undefined) return { kind: "no-owner", mark };
  return mark.owner === self.owner ? { kind: "own", mark } : { kind: "other-state", mark };
}

/** The generation a new link of `self` gets: one past every link of its resource, whatever their owner. */
export function nextGeneration(links: Iterable<Link>, urn: string): number {
  let highest = 0;
  for (const link of links) {
    const mark = parseMark(markOf(link));
    if (mark && namesResource(mark, urn)) highest = Math.max(highest, mark.generation);
  }
  return highest + 1;
}

/** What a create does about live links already carrying its resource's name. */
export type CreateChoice =
  | { kind: "new"; leftovers: Link[] }
  /** Provably its own (a lost answer, a run killed before state recorded it), or given by MYTPE_TAKE_FROM. */
  | { kind: "take"; link: Link; how: "own" | "take-from"; leftovers: Link[] }
  /** Its own by owner id, but whether the saved state holds it is not known (the plugin): taken, never archived by this run. */
  | { kind: "take-unsure"; link: Link }
  | { kind: "refuse"; reason: string };

export interface CreateContext {
  /** Links resources hold in this run (diffs, adoptions, creates): never taken. */
  held: ReadonlySet<string>;
  /** Slugs of the links the saved state holds for this resource (the link a replacement replaces); undefined when not known. */
  saved: ReadonlySet<string> | undefined;
  /** An owner id whose links a create may take (MYTPE_TAKE_FROM), explicitly. */
  takeFrom: string | undefined;
  /** Whether the declaration can be brought to the link in place. */
  fits(link: Link): boolean;
  /** How the message names the link being created. */
  label: string;
}

/**
 * What a create of `self` does, given the live links of its payment instance. Only its own links
 * are taken (the newest that fits; the others, left by killed runs, are archived: `leftovers`),
 * never a link the saved state or this run holds; a link carrying its name for another state, or
 * with no owner id, is refused with what to do: it is taken only by an explicit act.
 */
export function createChoice(links: Iterable<Link>, self: Self, context: CreateContext): CreateChoice {
  const own: { link: Link; mark: Mark }[] = [];
  const given: { link: Link; mark: Mark }[] = [];
  const foreign: { link: Link; mark: Mark }[] = [];
  for (const link of links) {
    if (isTerminal(link.status) || context.held.has(link.id) || context.saved?.has(link.slug)) continue;
    const found = classifyMark(markOf(link), self);
    if (found.kind === "unmarked" || found.kind === "other-resource" || found.mark.replaced) continue;
    if (found.kind === "own") own.push({ link, mark: found.mark });
    else if (context.takeFrom !== undefined && found.mark.owner === context.takeFrom) given.push({ link, mark: found.mark });
    else foreign.push({ link, mark: found.mark });
  }
  const newest = (list: typeof own) => list.filter(({ link }) => context.fits(link)).sort((a, b) => b.mark.generation - a.mark.generation)[0]?.link;
  const taken = newest(own);
  if (taken && context.saved === undefined) return { kind: "take-unsure", link: taken };
  const leftovers = (except: Link | undefined) => own.map(({ link }) => link).filter((link) => link.id !== except?.id);
  if (taken) return { kind: "take", link: taken, how: "own", leftovers: leftovers(taken) };
  const fromGiven = newest(given);
  if (fromGiven) return { kind: "take", link: fromGiven, how: "take-from", leftovers: leftovers(undefined) };
  if (foreign.length > 0) return { kind: "refuse", reason: foreignRefusal(context.label, foreign) };
  return { kind: "new", leftovers: leftovers(undefined) };
}

function foreignRefusal(label: string, foreign: readonly { link: Link; mark: Mark }[]): string {
  const { link, mark } = foreign[0]!;
  const what = `${label}: live link ${link.id} (${link.slug}) already carries this resource's name`;
  if (mark.owner === undefined) {
    return (
      `${what}, marked before mytpe-links recorded owners, and this stack's state does not hold it: it may be another ` +
      `state's (another backend, organization or copy of this stack) or one a killed run left. Nothing was created: ` +
      `if it is this stack's, declare \`adopt: ${link.id}\` to take it in place; if another stack manages it, ` +
      `declare this link under another name`
    );
  }
  return (
    `${what}, marked by another state (${describeMark(mark)}). ` +
    `Nothing was created: a link has one owner. If another stack still manages it, run \`mytpe-links release ${nameOf(mark)}\` ` +
    `there first, or declare this link under another name; if that state is gone (a first run stopped before it recorded ` +
    `anything, a deleted stack), take its links explicitly with \`MYTPE_TAKE_FROM=${mark.owner}\` set for one \`up\``
  );
}

function nameOf(mark: Mark): string {
  return mark.urn.slice(mark.urn.lastIndexOf("::") + 2);
}

/**
 * What a step (read, diff, update, delete) may do to the live link a resource's state holds:
 * proceed; move the mark (a rename of this same resource: `previousUrn`); or refuse, naming the
 * owner and the hand-off, when another resource or state owns it.
 */
export type StepOwnership = { kind: "ok" } | { kind: "rename" } | { kind: "refuse"; reason: string };

export function stepOwnership(live: Link, self: Self, previousUrn: string | undefined, takeFrom: string | undefined, label: string): StepOwnership {
  const found = classifyMark(markOf(live), self);
  switch (found.kind) {
    case "unmarked":
    case "own":
    case "no-owner":
      return { kind: "ok" };
    case "other-state":
      if (found.mark.owner === takeFrom) return { kind: "ok" };
      return {
        kind: "refuse",
        reason:
          `${label}: link ${live.id} is marked by another state with this resource's name (${describeMark(found.mark)}); ` +
          `this state (${self.owner === undefined ? "no owner recorded yet" : `state ${self.owner}`}) holds it too, and a link has one owner. Nothing ` +
          `was changed: if that state keeps it, run \`mytpe-links release ${nameOf(found.mark)}\` here (it forgets the ` +
          `link, archiving nothing); to take it back here, set \`MYTPE_TAKE_FROM=${found.mark.owner}\` for one \`up\``,
      };
    case "other-resource": {
      const previous = previousUrn === undefined ? undefined : classifyMark(markOf(live), { urn: previousUrn, owner: self.owner });
      if (previous && (previous.kind === "own" || previous.kind === "no-owner" || (previous.kind === "other-state" && previous.mark.owner === takeFrom))) {
        return { kind: "rename" };
      }
      return {
        kind: "refuse",
        reason:
          `${label}: link ${live.id} is managed by ${describeMark(found.mark)} (its mark), not by this resource; a link ` +
          `has one owner. Nothing was changed: hand it over first — in that stack run \`mytpe-links release ` +
          `${nameOf(found.mark)}\` — or run \`mytpe-links release\` for this one here`,
      };
    }
  }
}

/**
 * The mark to write on the link `self` manages, or undefined when it may stay as it is. Written when
 * the link carries no mark of `self` (adopted, taken, renamed: generation kept) or says it is being
 * replaced (no longer owed); a PUT made anyway (`writing`) also brings an older form up to date.
 */
export function markToWrite(live: Pick<Link, "metadata">, self: Self, writing: boolean): string | undefined {
  const found = classifyMark(markOf(live), self);
  const generation = found.kind === "unmarked" ? 1 : found.mark.generation;
  const wanted = formatMark({ urn: self.urn, generation: Math.max(1, generation), replaced: false, owner: self.owner });
  if (found.kind !== "own" && found.kind !== "no-owner") return wanted;
  if (found.mark.replaced) return wanted;
  return writing && markOf(live) !== wanted ? wanted : undefined;
}

/**
 * The mark flagging `self`'s link for a replacement still owed: `targeted` (`--replace`: no
 * declaration says it) flags it `!owed`, a replacement the declaration asks for `!replaced`.
 */
export function replacedMark(live: Pick<Link, "metadata">, self: Self, targeted: boolean): string {
  const found = classifyMark(markOf(live), self);
  const generation = found.kind === "own" || found.kind === "no-owner" ? found.mark.generation : 1;
  return formatMark({ urn: self.urn, generation: Math.max(1, generation), replaced: true, owed: targeted, owner: self.owner });
}

/**
 * Why `self` may not adopt the live link, if it may not: a link has one owner. `heldBy`: the resource
 * that holds it in this run, if any.
 */
export function ownerRefusal(live: Link, self: Self | undefined, heldBy: string | undefined, takeFrom: string | undefined): string | undefined {
  if (self !== undefined) {
    const found = classifyMark(markOf(live), self);
    if (found.kind === "other-resource" || (found.kind === "other-state" && found.mark.owner !== takeFrom)) {
      return (
        `link ${live.id} is managed by ${describeMark(found.mark)} (its mark); a link has one owner: hand it over first — ` +
        `in that stack run \`mytpe-links release ${nameOf(found.mark)}\` (it forgets the link without archiving it) — or remove \`adopt\` here`
      );
    }
  }
  if (heldBy !== undefined && self !== undefined && heldBy !== self.urn) {
    const holder = parseMark(heldBy);
    return `link ${live.id} is taken by ${holder ? describeMark(holder) : heldBy} too; a link has one owner: keep \`adopt: ${live.id}\` on one declaration only`;
  }
  return undefined;
}

/** The state whose orphans are wanted: its owner id (if it has one) and its project and stack. */
export interface OrphanScope {
  owner: string | undefined;
  project: string;
  /** The stack's name (its last part when given qualified, `org/project/stack`). */
  stack: string;
}

/**
 * Live links this state marked that no state holds (`held`): left by a killed run whose declaration
 * was then removed, or kept by `retainOnDelete`. A mark naming an owner is this state's only with its
 * owner id; one written before owners were recorded, by its project and stack.
 */
export function orphans(links: Iterable<Link>, scope: OrphanScope, held: ReadonlySet<string>): { link: Link; mark: Mark }[] {
  const found: { link: Link; mark: Mark }[] = [];
  for (const link of links) {
    const mark = parseMark(markOf(link));
    if (mark === undefined || isTerminal(link.status) || held.has(link.id)) continue;
    const where = projectStackOf(mark);
    const ours = mark.owner !== undefined ? mark.owner === scope.owner : where?.project === scope.project && where.stack === scope.stack;
    if (ours) found.push({ link, mark });
  }
  return found;
}
