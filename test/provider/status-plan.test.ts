import { describe, expect, it } from "vitest";
import type { DesiredStatus, LinkStatus } from "../../src/link/link.ts";
import { isTerminal, planStatus, type StatusPlan } from "../../src/provider/status-plan.ts";

const calls = (...actions: Extract<StatusPlan, { kind: "calls" }>["actions"]): StatusPlan => ({ kind: "calls", actions });
const terminal = (live: "exhausted" | "expired" | "archived"): StatusPlan => ({ kind: "terminal", live });
const REFUSED = "refused" as const;

// Every live status × every desired status, written out: the whole lifecycle at a glance. The
// record's type makes a missing pair a compile error (`tsc -p .`, run by `npm test`).
const PLANS: Readonly<Record<LinkStatus, Readonly<Record<DesiredStatus, StatusPlan | typeof REFUSED>>>> = {
  draft: { draft: calls(), active: calls("publish"), paused: calls("publish", "pause"), archived: calls("archive") },
  active: { draft: REFUSED, active: calls(), paused: calls("pause"), archived: calls("archive") },
  paused: { draft: REFUSED, active: calls("resume"), paused: calls(), archived: calls("archive") },
  exhausted: { draft: terminal("exhausted"), active: terminal("exhausted"), paused: terminal("exhausted"), archived: calls() },
  expired: { draft: terminal("expired"), active: terminal("expired"), paused: terminal("expired"), archived: calls() },
  archived: { draft: terminal("archived"), active: terminal("archived"), paused: terminal("archived"), archived: calls() },
};
const TABLE = Object.entries(PLANS).flatMap(([live, plans]) =>
  Object.entries(plans).map(([desired, expected]) => [live as LinkStatus, desired as DesiredStatus, expected] as const),
);

describe("planStatus", () => {
  it.each(TABLE)("takes a %s link declared %s to the expected plan", (live, desired, expected) => {
    const plan = planStatus(live, desired);
    if (expected === REFUSED) {
      expect(plan.kind).toBe("refused");
    } else {
      expect(plan).toEqual(expected);
    }
  });

  it.each([["active"], ["paused"]] as const)("refuses to take a %s link back to draft and suggests paused or archived instead", (live) => {
    const plan = planStatus(live, "draft");
    expect(plan.kind).toBe("refused");
    if (plan.kind !== "refused") return;
    expect(plan.reason).toContain(live);
    expect(plan.reason).toContain("cannot go back to draft");
    expect(plan.reason).toContain("status: paused");
    expect(plan.reason).toContain("status: archived");
  });

  it("pins the refusal message for an active link declared draft", () => {
    expect(planStatus("active", "draft")).toEqual({
      kind: "refused",
      reason: "the link is active and a published link cannot go back to draft; " + "declare status: paused to stop payments, or status: archived to end it",
    });
  });
});

describe("isTerminal", () => {
  it.each([
    ["draft", false],
    ["active", false],
    ["paused", false],
    ["exhausted", true],
    ["expired", true],
    ["archived", true],
  ] as const)("says a %s link is terminal: %s", (status, expected) => {
    expect(isTerminal(status)).toBe(expected);
  });
});
