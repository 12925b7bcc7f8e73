// Runs inside the Pulumi provider host: which lifecycle calls take a link from its live status to
// the declared one. A pure function, table-tested in test/provider/status-plan.test.ts.
import type { DesiredStatus, LinkStatus } from "../link/link.ts";

export type StatusAction = "publish" | "pause" | "resume" | "archive";

export type StatusPlan =
  /** Make these calls, in order (possibly none). */
  | { kind: "calls"; actions: StatusAction[] }
  /** The platform ended the link (exhausted, expired) or someone archived it: nothing can be called. */
  | { kind: "terminal"; live: "exhausted" | "expired" | "archived" }
  /** The declaration asks for a move the API cannot make. */
  | { kind: "refused"; reason: string };

const TERMINAL: ReadonlySet<LinkStatus> = new Set(["exhausted", "expired", "archived"]);

export function isTerminal(status: LinkStatus): status is "exhausted" | "expired" | "archived" {
  return TERMINAL.has(status);
}

export function planStatus(live: LinkStatus, desired: DesiredStatus): StatusPlan {
  if (live === desired) return { kind: "calls", actions: [] };
  if (isTerminal(live)) {
    // Archiving something already ended is done: there is nothing left to stop.
    if (desired === "archived") return { kind: "calls", actions: [] };
    return { kind: "terminal", live };
  }
  if (desired === "archived") return { kind: "calls", actions: ["archive"] };
  switch (live) {
    case "draft":
      return { kind: "calls", actions: desired === "active" ? ["publish"] : ["publish", "pause"] };
    case "active":
      if (desired === "paused") return { kind: "calls", actions: ["pause"] };
      break;
    case "paused":
      if (desired === "active") return { kind: "calls", actions: ["resume"] };
      break;
  }
  return {
    kind: "refused",
    reason: `the link is ${live} and a published link cannot go back to draft; declare status: paused to stop payments, or status: archived to end it`,
  };
}
