import { describe, expect, it } from "vitest";
import type { Link, LinkStatus } from "../../src/link/link.ts";
import { MARKER_KEY } from "../../src/provider/link-marker.ts";
import {
  adoptChange,
  formatMark,
  identityChange,
  interruptedReplacement,
  markToWrite,
  nextGeneration,
  orphans,
  ownerOfMark,
  ownerRefusal,
  readOwnMark,
  recoverable,
} from "../../src/provider/ownership.ts";

const URN = "urn:pulumi:prod::shop::pulumi-nodejs:dynamic/mytpe:PaymentLink::voucher";
const OTHER = "urn:pulumi:prod::shop::pulumi-nodejs:dynamic/mytpe:PaymentLink::gift";
const CHILD = "urn:pulumi:prod::shop::my:Campaign$pulumi-nodejs:dynamic/mytpe:PaymentLink::voucher";

function link(id: string, mark: string | undefined, status: LinkStatus = "active"): Link {
  return { id, status, metadata: mark === undefined ? null : { [MARKER_KEY]: mark } } as unknown as Link;
}

describe("reading a mark", () => {
  it.each([
    ["the URN itself is generation 1", URN, URN, { generation: 1, replaced: false }],
    ["a generation suffix is read", `${URN}#3`, URN, { generation: 3, replaced: false }],
    ["a replacement flag is read", `${URN}#2!replaced`, URN, { generation: 2, replaced: true }],
    ["the pre-1.0 mark of a resource without a parent is generation 0", "shop/prod/voucher", URN, { generation: 0, replaced: false }],
    ["the pre-1.0 mark never names a resource with a parent", "shop/prod/voucher", CHILD, undefined],
    ["another resource's URN is not this one's", OTHER, URN, undefined],
    ["a longer name sharing the prefix is not this one's", `${URN}-2`, URN, undefined],
    ["a malformed suffix is not a generation", `${URN}#02`, URN, undefined],
    ["no mark at all", undefined, URN, undefined],
    ["the plugin's type and the dynamic one name one resource (a type alias)", `${URN.replace("pulumi-nodejs:dynamic/mytpe:PaymentLink", "mytpe:index:PaymentLink")}#2`, URN, { generation: 2, replaced: false }],
  ])("%s", (_case, mark, urn, expected) => {
    expect(readOwnMark(mark, urn)).toEqual(expected);
  });

  it.each([
    [1, false, URN],
    [2, false, `${URN}#2`],
    [1, true, `${URN}#1!replaced`],
  ])("writes generation %i (replaced: %s) as it reads it back", (generation, replaced, text) => {
    expect(formatMark(URN, generation, replaced)).toBe(text);
    expect(readOwnMark(text, URN)).toEqual({ generation, replaced });
  });

  it.each([
    [URN, URN],
    [`${URN}#4`, URN],
    [`${URN}#4!replaced`, URN],
    ["shop/prod/voucher", "shop/prod/voucher"],
  ])("names the owner of %s", (mark, owner) => {
    expect(ownerOfMark(mark)).toBe(owner);
  });
});

describe("what a create may take", () => {
  const fits = () => true;
  it.each([
    ["its own live link, left by a lost answer", [link("a", URN)], [], "a"],
    ["nothing when the only marked link is held (the link being replaced)", [link("a", URN)], ["a"], undefined],
    ["the link a killed replacement made, not the one it replaces", [link("old", URN), link("new", `${URN}#2`)], ["old"], "new"],
    ["never an ended link", [link("a", URN, "archived"), link("b", URN, "exhausted")], [], undefined],
    ["never a link flagged as being replaced", [link("a", `${URN}#1!replaced`)], [], undefined],
    ["never another resource's link", [link("a", OTHER)], [], undefined],
    ["never a renamed resource's link held in this run", [link("a", URN)], ["a"], undefined],
    ["the newest generation of several", [link("a", URN), link("b", `${URN}#3`), link("c", `${URN}#2`)], [], "b"],
  ])("%s", (_case, links, held, expected) => {
    expect(recoverable(links, URN, new Set(held), fits)?.id).toBe(expected);
  });

  it("skips a link the declaration cannot be brought to in place", () => {
    expect(recoverable([link("a", URN), link("b", `${URN}#2`)], URN, new Set(), (candidate) => candidate.id === "a")?.id).toBe("a");
  });

  it.each([
    ["1 for a resource that never had a link", [], 1],
    ["one past the highest, archived links counted", [link("a", URN, "archived"), link("b", `${URN}#2`)], 3],
    ["one past a pre-1.0 mark", [link("a", "shop/prod/voucher")], 1],
    ["other resources' generations do not count", [link("a", `${OTHER}#7`)], 1],
  ])("gives a new link generation %s", (_case, links, expected) => {
    expect(nextGeneration(links, URN)).toBe(expected);
  });
});

describe("an interrupted replacement", () => {
  it.each([
    ["a later generation live: the killed run made the new link", link("old", URN), [link("new", `${URN}#2`)], true],
    ["the link itself flagged: archived first, the new link still owed", link("old", `${URN}#1!replaced`, "archived"), [], true],
    ["an earlier generation kept by retainOnDelete is no successor", link("new", `${URN}#2`), [link("old", URN)], false],
    ["an archived later generation is no successor", link("old", URN), [link("new", `${URN}#2`, "archived")], false],
    ["another resource's link is no successor", link("old", URN), [link("x", `${OTHER}#5`)], false],
    ["a lone link is none", link("old", URN), [], false],
  ])("%s", (_case, current, links, expected) => {
    expect(interruptedReplacement(current, [current, ...links], URN)).toBe(expected);
  });
});

describe("which mark an update writes", () => {
  it.each([
    ["none when the link carries this resource's mark", URN, false, undefined],
    ["none for a pre-1.0 mark when nothing else is written", "shop/prod/voucher", false, undefined],
    ["the URN for a pre-1.0 mark when the PUT is made anyway", "shop/prod/voucher", true, URN],
    ["the mark of an unmarked (adopted) link", undefined, false, URN],
    ["the new URN after a rename, generation kept", "urn:pulumi:prod::shop::pulumi-nodejs:dynamic/mytpe:PaymentLink::old-name#3", false, `${URN}#3`],
    ["the flag dropped once the replacement is no longer owed", `${URN}#2!replaced`, false, `${URN}#2`],
  ])("%s", (_case, mark, writing, expected) => {
    expect(markToWrite(link("a", mark), URN, writing)).toBe(expected);
  });
});

describe("who may adopt a link", () => {
  it.each([
    ["an unmarked link is free", link("a", undefined), URN, undefined, undefined],
    ["a link carrying the adopter's own mark is its own", link("a", `${URN}#2`), URN, undefined, undefined],
    [
      "a link marked by another resource is refused, naming the owner and the hand-off",
      link("a", OTHER),
      URN,
      undefined,
      'link a is managed by resource "gift" of stack prod (project shop) (its mark); a link has one owner: hand it over first — in that stack run `mytpe-links release gift` (it forgets the link without archiving it) — or remove `adopt` here',
    ],
    [
      "a link another resource takes in this run is refused",
      link("a", undefined),
      URN,
      OTHER,
      'link a is taken by resource "gift" of stack prod (project shop) too; a link has one owner: keep `adopt: a` on one declaration only',
    ],
  ])("%s", (_case, live, urn, heldBy, expected) => {
    expect(ownerRefusal(live, urn, heldBy)).toBe(expected);
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

describe("the orphan report", () => {
  it("lists live links marked by the stack that no state holds, of any generation or form", () => {
    const links = [
      link("held", URN),
      link("retained", `${URN}#1`),
      link("killed", `${OTHER}#2`),
      link("legacy", "shop/prod/old"),
      link("archived", URN, "archived"),
      link("other-stack", "urn:pulumi:staging::shop::pulumi-nodejs:dynamic/mytpe:PaymentLink::voucher"),
      link("unmarked", undefined),
    ];
    expect(orphans(links, "prod", new Set(["held"])).map(({ link: { id }, owner }) => [id, owner])).toEqual([
      ["retained", URN],
      ["killed", OTHER],
      ["legacy", "shop/prod/old"],
    ]);
  });
});

describe("what an identity change records", () => {
  const same = { kind: "same" } as const;
  const current = { older: false, from: 2, to: 2 };
  const upgrade = "state written by an earlier version of mytpe-links (state version 1); recording it as state version 2 (no API write)";
  it.each([
    ["nothing when the URN and the state's version are the same", URN, URN, same, current, { kind: "none" }],
    ["a rename when the URN changed", OTHER, URN, same, current, { kind: "rename", message: `renamed from ${OTHER}; the link's mark follows (a metadata update; nothing else changes)` }],
    ["an upgrade for a pre-1.0 mark in state", "shop/prod/voucher", URN, same, { older: true, from: 1, to: 2 }, { kind: "state-upgrade", message: upgrade }],
    ["an upgrade for older state (another stored provider text, an older state version)", URN, URN, same, { older: true, from: 1, to: 2 }, { kind: "state-upgrade", message: upgrade }],
    ["adopt removed, recorded", URN, URN, { kind: "record", message: "m" } as const, current, { kind: "state-recorded", message: "m" }],
  ])("%s", (_case, before, urn, adopt, state, expected) => {
    expect(identityChange(before, urn, adopt, state)).toEqual(expected);
  });
});
