// Runs inside the Pulumi provider host (and in `mytpe-links links`, `release` and the soak): the text
// of a link's mark (`_pulumi_link` in its metadata, link-marker.ts), read and written. A mark names
// the resource that owns the link, which of its successive links it is, and — from state version 3
// on — the state that owns it. Pure functions; whose link it makes it is ownership.ts's answer.
//
//   <URN>#<n>[!replaced|!owed]@<owner>   state version 3: generation n of the resource <URN> of the
//                                        state <owner> (a random id born with the state, recorded in it)
//   <URN>                                versions 1 and 2: generation 1, no owner named
//   <URN>#<n>[!replaced]                 version 2: generation n ≥ 2, no owner named
//   <project>/<stack>/<name>             before 1.0: generation 0, a resource without a parent
// A flag says a replacement of this link is owed: `!replaced`, the declaration asked for it and the
// link is archived first (deleteBeforeReplace); `!owed`, a targeted replacement (`--replace`) was
// asked for and not finished (archived first, or kept because the plugin could not tell it from a
// link a killed run left). Every earlier form stays readable: links marked by older versions stay
// live for years.
import { nameOfUrn, stackOfUrn } from "../link/urn.ts";
import { PAYMENT_LINK_TYPE } from "./protocol.ts";

/** A mark, read. */
export interface Mark {
  /** The owning resource's URN (the pre-1.0 text as it is). */
  urn: string;
  /** 0 before 1.0, 1 for a resource's first link, n for the link its (n−1)th replacement made. */
  generation: number;
  /** Flagged: a replacement of this link is owed (either flag). */
  replaced: boolean;
  /** The flag is `!owed`: a targeted replacement was asked for, which no declaration says. */
  owed?: boolean | undefined;
  /** The owning state's id; undefined in marks written before state version 3. */
  owner?: string | undefined;
}

/** The longest suffix a mark adds to a URN (`#<generation>!replaced@<owner>`, an owner of 64 characters at most). */
export const MARK_SUFFIX_ROOM = 90;

/** A state's owner id: what `newOwnerId` makes, and a provider resource's id (a UUID). */
const OWNER = "[A-Za-z0-9][A-Za-z0-9-]{7,63}";
const SUFFIX = new RegExp(`^#([1-9][0-9]{0,8})(!replaced|!owed)?(?:@(${OWNER}))?$`);

/** Reads a mark's text; undefined for no mark. Text in no known form reads as a resource of that name. */
export function parseMark(text: string | undefined): Mark | undefined {
  if (text === undefined) return undefined;
  const hash = text.lastIndexOf("#");
  if (text.startsWith("urn:pulumi:") && hash > 0) {
    const suffix = SUFFIX.exec(text.slice(hash));
    if (suffix) {
      const owed = suffix[2] === "!owed" && suffix[3] !== undefined;
      if (suffix[2] !== "!owed" || owed)
        return { urn: text.slice(0, hash), generation: Number(suffix[1]), replaced: suffix[2] !== undefined, owner: suffix[3], ...(owed ? { owed } : {}) };
    }
  }
  if (text.startsWith("urn:pulumi:")) return { urn: text, generation: 1, replaced: false };
  return { urn: text, generation: 0, replaced: false };
}

/** The text of a mark: with an owner, always the state version 3 form; without, the form 2.x wrote. */
export function formatMark(mark: Mark): string {
  const generation = Math.max(1, mark.generation);
  const flag = mark.owed && mark.owner !== undefined ? "!owed" : mark.replaced ? "!replaced" : "";
  if (mark.owner !== undefined) return `${mark.urn}#${generation}${flag}@${mark.owner}`;
  return generation === 1 && !mark.replaced ? mark.urn : `${mark.urn}#${generation}${flag}`;
}

/** Whether `owner` can be written in a mark (a known value, of the owner id's form). */
export function isOwnerId(owner: unknown): owner is string {
  return typeof owner === "string" && new RegExp(`^${OWNER}$`).test(owner);
}

/**
 * A URN with the plugin's type token (mytpe:index:PaymentLink) written as the dynamic one: a
 * resource moved between the two entries by a type alias is one resource, and so is its mark.
 */
export function sameEntry(urn: string): string {
  return urn.replace(/(::|\$)mytpe:index:PaymentLink::/, `$1${PAYMENT_LINK_TYPE}::`);
}

/** Whether a mark's resource is the resource `urn` (either entry's type; the pre-1.0 text of a resource without a parent). */
export function namesResource(mark: Mark, urn: string): boolean {
  if (sameEntry(mark.urn) === sameEntry(urn)) return true;
  return mark.generation === 0 && mark.urn === legacyMarkOf(urn);
}

/** The pre-1.0 mark of a resource without a parent, from its URN; undefined for any other. */
export function legacyMarkOf(urn: string): string | undefined {
  const parts = urn.split("::");
  // urn:pulumi:<stack>::<project>::<type>::<name>: a parent would put `$` in the type part.
  if (parts.length !== 4 || (parts[2] ?? "").includes("$")) return undefined;
  return `${parts[1]}/${stackOfUrn(urn)}/${nameOfUrn(urn)}`;
}

/** The project and stack a mark's resource belongs to (a pre-1.0 mark says them as `<project>/<stack>/…`). */
export function projectStackOf(mark: Mark): { project: string; stack: string } | undefined {
  const stack = stackOfUrn(mark.urn);
  if (stack !== undefined) return { project: mark.urn.split("::")[1] ?? "", stack };
  const [project, legacyStack] = mark.urn.split("/");
  return project !== undefined && legacyStack !== undefined ? { project, stack: legacyStack } : undefined;
}

/** A mark's owner named for people: the resource, its stack and project, and the state when the mark names one. */
export function describeMark(mark: Mark): string {
  const where = projectStackOf(mark);
  const state = mark.owner === undefined ? "" : `, state ${mark.owner}`;
  if (mark.generation === 0 || where === undefined) return `"${mark.urn}" (a mark written before 1.0)`;
  return `resource "${nameOfUrn(mark.urn)}" of stack ${where.stack} (project ${where.project}${state})`;
}

/**
 * The owner id a state records, from its links' recorded owners (outputs `owner`): the most common
 * one (a state whose links all came from one place records one), the smallest on a tie; undefined
 * when none records one (a new state, or state written before version 3).
 */
export function recordedOwner(owners: Iterable<unknown>): string | undefined {
  const counts = new Map<string, number>();
  for (const owner of owners) if (isOwnerId(owner)) counts.set(owner, (counts.get(owner) ?? 0) + 1);
  let best: [string, number] | undefined;
  for (const entry of counts) if (!best || entry[1] > best[1] || (entry[1] === best[1] && entry[0] < best[0])) best = entry;
  return best?.[0];
}

/** A new state's owner id: random, told apart from every other state's. */
export function newOwnerId(): string {
  return crypto.randomUUID();
}
