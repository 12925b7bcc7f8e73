import { describe, expect, it } from "vitest";
import { adoptChange, identityChange } from "../../src/provider/identity-change.ts";

const URN = "urn:pulumi:prod::shop::pulumi-nodejs:dynamic/mytpe:PaymentLink::voucher";
const OTHER = "urn:pulumi:prod::shop::pulumi-nodejs:dynamic/mytpe:PaymentLink::gift";

describe("what an identity change records", () => {
  const same = { kind: "same" } as const;
  const current = { older: false, from: 2, to: 2 };
  const upgrade = "state written by an earlier version of mytpe-links (state version 1); recording it as state version 2 (no API write)";
  it.each([
    ["nothing when the URN and the state's version are the same", URN, URN, same, current, { kind: "none" }],
    [
      "a rename when the URN changed",
      OTHER,
      URN,
      same,
      current,
      { kind: "rename", message: `renamed from ${OTHER}; the link's mark follows (a metadata update; nothing else changes)` },
    ],
    ["an upgrade for a pre-1.0 mark in state", "shop/prod/voucher", URN, same, { older: true, from: 1, to: 2 }, { kind: "state-upgrade", message: upgrade }],
    [
      "an upgrade for older state (another stored provider text, an older state version)",
      URN,
      URN,
      same,
      { older: true, from: 1, to: 2 },
      { kind: "state-upgrade", message: upgrade },
    ],
    ["adopt removed, recorded", URN, URN, { kind: "record", message: "m" } as const, current, { kind: "state-recorded", message: "m" }],
  ])("%s", (_case, before, urn, adopt, state, expected) => {
    expect(identityChange(before, urn, adopt, state)).toEqual(expected);
  });
});

describe("adopt: on a resource that already manages a link", () => {
  it.each([
    ["unchanged", "L", "L", { kind: "same" }],
    ["never declared", undefined, undefined, { kind: "same" }],
    ["removed: recorded, the link kept", "L", undefined, { kind: "record", message: "adopt removed: it keeps managing link L (no API write)" }],
    ["added naming the link it manages: recorded", undefined, "L", { kind: "record", message: "adopt: L is the link it manages already (no API write)" }],
  ])("%s", (_case, before, after, expected) => {
    expect(adoptChange("L", before, after)).toEqual(expected);
  });

  it("refuses adopt naming another link, saying how to hand over", () => {
    expect(adoptChange("L", undefined, "M")).toEqual({
      kind: "refuse",
      reason:
        "adopt: M on a resource that already manages link L; a resource manages one link: to manage M here instead, run `mytpe-links release` for this link (it forgets L without archiving it), then up; or declare M under a new name",
    });
  });
});
