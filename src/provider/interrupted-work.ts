// Runs inside the Pulumi provider host: what a killed run left of a replacement — the links it made
// (its own later generations, not recorded), or the old link flagged — and whether this run finishes
// the replacement or rolls it back, by what the declaration asks now. Pure functions
// (test/provider/ownership.test.ts); docs/architecture.md ("One link, one owner").
import type { Link } from "../link/link.ts";
import { markOf } from "./link-marker.ts";
import { parseMark } from "./owner-mark.ts";
import { classifyMark, type Self } from "./ownership.ts";
import { isTerminal } from "./status-plan.ts";

/**
 * What a killed run left of a replacement of `self`, whose state holds `current`: its own links of a
 * later generation (the new link made, not recorded), whether `current` is flagged as being
 * replaced, and whether that flag is a targeted replacement's (`!owed`).
 */
export function interruptedWork(current: Link, links: Iterable<Link>, self: Self): { successors: Link[]; flagged: boolean; owed: boolean } {
  const mine = classifyMark(markOf(current), self);
  const flagged = (mine.kind === "own" || mine.kind === "no-owner") && mine.mark.replaced;
  const owed = flagged && (mine.kind === "own" || mine.kind === "no-owner") && mine.mark.owed === true;
  const generation = mine.kind === "own" || mine.kind === "no-owner" ? mine.mark.generation : 0;
  const successors: Link[] = [];
  for (const link of links) {
    if (link.id === current.id || isTerminal(link.status)) continue;
    const other = classifyMark(markOf(link), self);
    if (other.kind === "own" && !other.mark.replaced && other.mark.generation > generation) successors.push(link);
  }
  successors.sort((a, b) => (parseMark(markOf(b))?.generation ?? 0) - (parseMark(markOf(a))?.generation ?? 0));
  return { successors, flagged, owed };
}

/** How a link can be brought to the declaration: it is as declared, an update makes it so, or only a new link can. */
export type Fit = "same" | "in-place" | "new-link";

/** What this run does about what a killed run left of a replacement (`interruptedWork`). */
export type Settle = { kind: "none" } | { kind: "finish" } | { kind: "roll-back"; successors: Link[] };

/**
 * Finish the replacement (the create takes the successor that fits, or makes a link) or roll it
 * back (keep `current`, archive the successors, clear its flag), by what the declaration asks now.
 * It finishes when `current` has ended, when the newest successor is exactly as declared (the
 * replacement is still wanted), and when a targeted replacement (`!owed`) or the declaration still
 * needs a new link; it rolls back when the declaration went back to what `current` can be brought to
 * in place — a reverted repricing keeps the paid link.
 */
export function settleInterrupted(current: Link, work: { successors: Link[]; flagged: boolean; owed: boolean }, fitOf: (link: Link) => Fit): Settle {
  if (work.successors.length === 0 && !work.flagged) return { kind: "none" };
  if (isTerminal(current.status)) return { kind: "finish" };
  const newest = work.successors[0];
  if (newest !== undefined && fitOf(newest) === "same") return { kind: "finish" };
  if (newest === undefined && work.owed) return { kind: "finish" };
  return fitOf(current) === "new-link" ? { kind: "finish" } : { kind: "roll-back", successors: work.successors };
}
