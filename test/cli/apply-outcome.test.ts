import { describe, expect, it } from "vitest";
import { applyOutcome, touchedLinks } from "../../src/cli/apply-outcome.ts";

const TYPE = "pulumi-nodejs:dynamic/mytpe:PaymentLink";
const urn = (name: string) => `urn:pulumi:production::campaign::${TYPE}::${name}`;
const event = (kind: string, op: string, name: string, type = TYPE, planning = false) =>
  JSON.stringify({ [kind]: { metadata: { op, urn: urn(name), type }, ...(planning ? { planning } : {}) } });

describe("what a failed apply says it applied", () => {
  it("lists the links the engine changed, and the one that failed part-way, from its event log, past the preview up runs first", () => {
    const lines = [
      event("resOutputsEvent", "create", "planned-only", TYPE, true),
      event("resOpFailedEvent", "update", "planned-only", TYPE, true),
      event("resourcePreEvent", "update", "spring-0"),
      event("resOutputsEvent", "update", "spring-0"),
      event("resOutputsEvent", "same", "spring-1"),
      event("resOutputsEvent", "create", "spring-3"),
      event("resOutputsEvent", "create", "stack", "pulumi:pulumi:Stack"),
      event("resOpFailedEvent", "update", "spring-2"),
      '{"resOutputsEvent": {"metad',
    ];
    expect(touchedLinks(lines)).toEqual([
      { name: "spring-0", op: "update", failed: false },
      { name: "spring-3", op: "create", failed: false },
      { name: "spring-2", op: "update", failed: true },
    ]);
  });

  it.each([
    [false, [], ["mytpe-links apply: the update did not start: nothing of the plan was applied."]],
    [true, [], ["mytpe-links apply: the update stopped before changing any link: nothing of the plan was applied."]],
    [
      true,
      [
        { name: "spring-0", op: "update", failed: false },
        { name: "spring-2", op: "create", failed: true },
      ],
      [
        "mytpe-links apply: the update stopped after changing 1 link; the rest of the plan was not applied:",
        "  spring-0 (update)",
        "  spring-2 (create, failed part-way: the API may have done part of it)",
        "  The live links now: npx mytpe-links links --stack production. Production is between the plan and what it was: plan again from main, review, apply.",
      ],
    ],
  ])("says, when the engine started: %s and touched %j, %j", (started, touched, said) => {
    expect(applyOutcome(started, touched, "production")).toEqual(said);
  });
});
