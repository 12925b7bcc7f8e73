// The operations soak's moves: what a user does to two states' payment links with Pulumi — edit,
// reprice, pay, add, remove, `up --replace`, rename with an alias, adopt a dashboard link, hand a
// link over to the other project (`mytpe-links release` there, `adopt:` here), refresh — and, for a
// share of the moves that write, where a kill strikes and how the run is recovered: the plain `up`
// a pipeline re-runs, `up --plan` with the plan reviewed before, or a plain `up` killed again.
// `nextMove` is a pure function of a seeded random source and the declarations; what each move must
// have done is `moveExpectation`, also pure.
import type { KillPoint } from "../../test/harness/write-hold.ts";
import type { Declared, StackKey } from "./world.ts";

export type MoveKind = "title" | "price" | "pay" | "add" | "remove" | "replace" | "rename" | "adopt" | "handoff" | "refresh";
export type Recovery = "plain" | "plan" | "twice";

export interface Move {
  stack: StackKey;
  kind: MoveKind;
  name: string;
  /** The new name (rename, add, adopt), or the receiving declaration in the other stack (handoff). */
  to?: string;
  /** Where the kill is drawn, as a share of the move's writes, and how the run is recovered. */
  kill?: { at: number; applied: boolean; recovery: Recovery };
}

const KINDS: readonly MoveKind[] = ["title", "price", "pay", "add", "remove", "replace", "rename", "adopt", "handoff", "refresh"];
const RECOVERIES: readonly Recovery[] = ["plain", "plan", "twice"];

/** The next move; `killShare` of the moves that write are killed. */
export function nextMove(random: () => number, declared: Record<StackKey, readonly Declared[]>, step: number, killShare = 0.45): Move {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const stack: StackKey = random() < 0.5 ? "a" : "b";
  const names = declared[stack].map((link) => link.name);
  let kind = pick(KINDS);
  if (names.length <= 1 && (kind === "remove" || kind === "rename" || kind === "handoff")) kind = "add";
  if (names.length === 0 && kind !== "adopt") kind = "add";
  const name = kind === "add" || kind === "adopt" ? `link-${step}` : pick(names);
  const to = kind === "rename" || kind === "handoff" ? `link-${step}` : undefined;
  const kill = kind !== "pay" && kind !== "refresh" && random() < killShare ? { at: random(), applied: random() < 0.5, recovery: pick(RECOVERIES) } : undefined;
  return { stack, kind, name, ...(to ? { to } : {}), ...(kill ? { kill } : {}) };
}

/** How many API writes the move makes when nothing goes wrong (`paid`: its link has taken payments). */
export function expectedWrites(kind: MoveKind, paid: boolean): number {
  switch (kind) {
    case "add":
      return 2; // create, publish
    case "replace":
      return 3; // create, publish, archive
    case "price":
      return paid ? 3 : 1; // a paid link is replaced; an unpaid one updated in place
    case "title":
    case "remove":
    case "rename":
    case "adopt":
    case "handoff":
      return 1; // PUT, archive, the mark moved, the mark written, the mark written
    case "pay":
    case "refresh":
      return 0;
  }
}

/** The write the kill is drawn at: one of the move's `writes`, held before or after it is applied. */
export function killPoint(kill: NonNullable<Move["kill"]>, writes: number): KillPoint {
  return { write: 1 + Math.min(writes - 1, Math.floor(kill.at * writes)), applied: kill.applied };
}

/** Whether a kill at `point` leaves the move part-done: anything but after its last write was applied. */
export function midSequence(point: KillPoint, writes: number): boolean {
  return point.write < writes || !point.applied;
}

/** Says a move in one line, as the soak prints it. */
export function describeMove(move: Move, point?: KillPoint): string {
  const target = move.to === undefined ? move.name : `${move.name} → ${move.to}`;
  const what = move.kind === "refresh" ? `${move.stack}: refresh` : `${move.stack}: ${move.kind} ${target}`;
  if (!move.kill || !point) return what;
  return `${what}, killed ${point.applied ? "after" : "before"} the sandbox applied write ${point.write}, recovered by ${move.kill.recovery === "plan" ? "up --plan" : move.kill.recovery === "twice" ? "a plain up killed again, then a plain up" : "a plain up"}`;
}

/** What a move must have done to the link it is about. */
export type Expectation =
  | { kind: "same-link"; name: string; before: string }
  | { kind: "new-link"; name: string; before: string }
  | { kind: "new-or-same"; name: string; before: string }
  | { kind: "holds"; name: string; id: string }
  | { kind: "gone"; name: string; before: string }
  | { kind: "made"; name: string }
  | { kind: "none" };

/**
 * What the move must have done: the same link (id and URL) for a title edit, an unpaid repricing and
 * a rename; a new one for a paid repricing and `--replace` (unless a kill struck before its first
 * write was applied and the plain `up` that followed was not asked to replace); the adopted or
 * handed-over link held; a removed link archived.
 */
export function moveExpectation(move: Move, facts: { before?: string; paid: boolean; adopted?: string; point?: KillPoint }): Expectation {
  const before = facts.before;
  switch (move.kind) {
    case "title":
      return before ? { kind: "same-link", name: move.name, before } : { kind: "none" };
    case "rename":
      return before ? { kind: "same-link", name: move.to!, before } : { kind: "none" };
    case "price":
      return before ? { kind: facts.paid ? "new-link" : "same-link", name: move.name, before } : { kind: "none" };
    case "replace": {
      if (!before) return { kind: "none" };
      const nothingApplied = facts.point !== undefined && facts.point.write === 1 && !facts.point.applied && move.kill?.recovery !== "plan";
      return { kind: nothingApplied ? "new-or-same" : "new-link", name: move.name, before };
    }
    case "remove":
      return before ? { kind: "gone", name: move.name, before } : { kind: "none" };
    case "add":
      return { kind: "made", name: move.name };
    case "adopt":
      return facts.adopted ? { kind: "holds", name: move.name, id: facts.adopted } : { kind: "none" };
    case "handoff":
      return before ? { kind: "holds", name: move.to!, id: before } : { kind: "none" };
    case "pay":
    case "refresh":
      return { kind: "none" };
  }
}

/** Why the outcome breaks the expectation, if it does: `held` is what the state holds for the name now, `status` a link's live status. */
export function expectationBreak(expectation: Expectation, held: string | undefined, status: (id: string) => string | undefined): string | undefined {
  switch (expectation.kind) {
    case "same-link":
      return held === expectation.before
        ? undefined
        : `${expectation.name}: holds ${String(held)}, not its link ${expectation.before} (same id and URL expected)`;
    case "new-link":
      if (held === undefined || held === expectation.before)
        return `${expectation.name}: holds ${String(held)}, not a new link replacing ${expectation.before}`;
      return status(expectation.before) === "archived"
        ? undefined
        : `${expectation.name}: its old link ${expectation.before} is ${String(status(expectation.before))}, not archived`;
    case "new-or-same":
      if (held === expectation.before) return undefined;
      return expectationBreak({ ...expectation, kind: "new-link" }, held, status);
    case "holds":
      return held === expectation.id ? undefined : `${expectation.name}: holds ${String(held)}, not ${expectation.id}`;
    case "gone":
      if (held !== undefined) return `${expectation.name}: removed, yet state holds ${held}`;
      return status(expectation.before) === "archived"
        ? undefined
        : `${expectation.name}: its link ${expectation.before} is ${String(status(expectation.before))}, not archived`;
    case "made":
      return held !== undefined && status(held) === "active"
        ? undefined
        : `${expectation.name}: holds ${String(held)} (${String(held && status(held))}), not a live link`;
    case "none":
      return undefined;
  }
}
