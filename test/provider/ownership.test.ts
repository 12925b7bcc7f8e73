import { describe, expect, it } from "vitest";
import type { Link } from "../../src/link/link.ts";
import {
  classifyMark,
  createChoice,
  markToWrite,
  nextGeneration,
  orphans,
  ownerRefusal,
  replacedMark,
  stepOwnership,
  type CreateContext,
  type Self,
} from "../../src/provider/ownership.ts";
import { link, ME, mine, OTHER, SELF, THEM, theirs, URN } from "./mark-fixtures.ts";

describe("what a mark says of a resource", () => {
  it.each([
    ["no mark", undefined, SELF, "unmarked"],
    ["its resource and its state's owner: its own", mine(2), SELF, "own"],
    ["its resource, written before owners were recorded", `${URN}#2`, SELF, "no-owner"],
    ["its resource's name in another state (another backend, organization, a state made again)", theirs(), SELF, "other-state"],
    ["any owner, while this state's is not known yet (a preview of a new state)", mine(), { urn: URN, owner: undefined }, "other-state"],
    ["another resource", `${OTHER}#1@${ME}`, SELF, "other-resource"],
  ])("%s", (_case, text, self, kind) => {
    expect(classifyMark(text, self).kind).toBe(kind);
  });
});

describe("what a create does about links carrying its resource's name", () => {
  const context = (extra: Partial<CreateContext> = {}): CreateContext => ({
    held: new Set(),
    saved: new Set(),
    takeFrom: undefined,
    fits: () => true,
    label: 'payment link "V"',
    ...extra,
  });
  const choose = (links: Link[], extra: Partial<CreateContext> = {}, self: Self = SELF) => createChoice(links, self, context(extra));

  it.each([
    ["makes a new link when none carries its name", [link("x", `${OTHER}#1@${ME}`), link("y", undefined)], {}, { kind: "new", leftovers: [] }],
    ["takes its own live link, left by a lost answer or a killed run", [link("a", mine())], {}, { kind: "take", id: "a", how: "own", leftovers: [] }],
    [
      "never takes the link the saved state holds (the one a replacement replaces)",
      [link("a", mine())],
      { saved: new Set(["a-slug"]) },
      { kind: "new", leftovers: [] },
    ],
    ["never takes a link a resource holds in this run", [link("a", mine())], { held: new Set(["a"]) }, { kind: "new", leftovers: [] }],
    [
      "takes the link a killed replacement made, not the one it replaces",
      [link("old", mine()), link("new", mine(2))],
      { saved: new Set(["old-slug"]) },
      { kind: "take", id: "new", how: "own", leftovers: [] },
    ],
    [
      "takes the newest of several, archiving the others",
      [link("a", mine()), link("b", mine(3)), link("c", mine(2))],
      {},
      { kind: "take", id: "b", how: "own", leftovers: ["a", "c"] },
    ],
    ["never takes an ended link", [link("a", mine(), "archived"), link("b", mine(), "exhausted")], {}, { kind: "new", leftovers: [] }],
    ["never takes a link flagged as being replaced", [link("a", mine(1, "!replaced"))], {}, { kind: "new", leftovers: [] }],
    [
      "makes a new link, archiving its own that cannot be brought to the declaration",
      [link("a", mine())],
      { fits: () => false },
      { kind: "new", leftovers: ["a"] },
    ],
    [
      "takes a link of the state MYTPE_TAKE_FROM names, explicitly",
      [link("a", theirs())],
      { takeFrom: THEM },
      { kind: "take", id: "a", how: "take-from", leftovers: [] },
    ],
  ])("%s", (_case, links, extra, expected) => {
    const choice = choose(links, extra);
    const seen =
      choice.kind === "take"
        ? { kind: choice.kind, id: choice.link.id, how: choice.how, leftovers: choice.leftovers.map((one) => one.id) }
        : choice.kind === "new"
          ? { kind: choice.kind, leftovers: choice.leftovers.map((one) => one.id) }
          : choice;
    expect(seen).toEqual(expected);
  });

  it("refuses a link another state marked with this resource's name: nothing created, what to do said", () => {
    const choice = choose([link("a", theirs())]);
    expect(choice.kind).toBe("refuse");
    expect(choice.kind === "refuse" && choice.reason).toBe(
      `payment link "V": live link a (a-slug) already carries this resource's name, marked by another state (resource "voucher" of stack prod (project shop, state ${THEM})). ` +
        "Nothing was created: a link has one owner. If another stack still manages it, run `mytpe-links release voucher` there first, or declare this link under another name; " +
        `if that state is gone (a first run stopped before it recorded anything, a deleted stack), take its links explicitly with \`MYTPE_TAKE_FROM=${THEM}\` set for one \`up\``,
    );
  });

  it("refuses a link marked before owners were recorded that the saved state does not hold, saying to adopt it", () => {
    const choice = choose([link("a", URN)]);
    expect(choice.kind === "refuse" && choice.reason).toContain("marked before mytpe-links recorded owners, and this stack's state does not hold it");
    expect(choice.kind === "refuse" && choice.reason).toContain("declare `adopt: a` to take it in place");
  });

  it("refuses every link carrying its name while its own state's owner is not known (a preview of a new state)", () => {
    expect(choose([link("a", mine())], {}, { urn: URN, owner: undefined }).kind).toBe("refuse");
  });

  it("takes its own link without archiving it later when the saved state is not known (the plugin)", () => {
    expect(choose([link("a", mine())], { saved: undefined })).toMatchObject({ kind: "take-unsure", link: { id: "a" } });
  });

  it("takes its own link and leaves another state's alone", () => {
    expect(choose([link("t", theirs(5)), link("a", mine())])).toMatchObject({ kind: "take", link: { id: "a" }, leftovers: [] });
  });
});

describe("a new link's generation", () => {
  it.each([
    ["1 for a resource that never had a link", [], 1],
    ["one past the highest of any owner, archived links counted", [link("a", mine(1), "archived"), link("b", theirs(2))], 3],
    ["one past a pre-1.0 mark", [link("a", "shop/prod/voucher")], 1],
    ["other resources' generations do not count", [link("a", `${OTHER}#7@${ME}`)], 1],
  ])("is %s", (_case, links, expected) => {
    expect(nextGeneration(links, URN)).toBe(expected);
  });
});

describe("each step on a link a state holds", () => {
  const step = (text: string | undefined, previous?: string, takeFrom?: string) => stepOwnership(link("a", text), SELF, previous, takeFrom, 'payment link "V"');

  it.each([
    ["goes on with its own link", mine(3), undefined, "ok"],
    ["goes on with a link marked before owners were recorded", URN, undefined, "ok"],
    ["goes on with an unmarked link (imported, released in the dashboard): the update marks it", undefined, undefined, "ok"],
    ["moves the mark of this resource renamed (its old URN on the link)", `${OTHER}#2@${ME}`, OTHER, "rename"],
    ["goes on with a link of the state MYTPE_TAKE_FROM names", theirs(), undefined, "ok", THEM],
  ])("%s", (_case, text, previous, kind, takeFrom?: string) => {
    expect(step(text, previous, takeFrom).kind).toBe(kind);
  });

  it("refuses a link another state marked since, naming it and both hand-offs", () => {
    const verdict = step(theirs());
    expect(verdict).toEqual({
      kind: "refuse",
      reason:
        `payment link "V": link a is marked by another state with this resource's name (resource "voucher" of stack prod (project shop, state ${THEM})); ` +
        `this state (state ${ME}) holds it too, and a link has one owner. Nothing was changed: if that state keeps it, run \`mytpe-links release voucher\` here ` +
        `(it forgets the link, archiving nothing); to take it back here, set \`MYTPE_TAKE_FROM=${THEM}\` for one \`up\``,
    });
  });

  it("refuses a link another resource manages", () => {
    const verdict = step(`${OTHER}#1@${ME}`);
    expect(verdict.kind === "refuse" && verdict.reason).toContain('link a is managed by resource "gift" of stack prod (project shop, state');
  });

  it("refuses a rename's old URN marked by another state", () => {
    expect(step(`${OTHER}#1@${THEM}`, OTHER).kind).toBe("refuse");
  });
});

describe("which mark an update writes", () => {
  it.each([
    ["none when the link carries this resource's mark", mine(2), false, undefined],
    ["none for an older form when nothing else is written", `${URN}#2`, false, undefined],
    ["the full form, generation kept, when the PUT is made anyway", `${URN}#2`, true, mine(2)],
    ["the mark of an unmarked (adopted, imported) link", undefined, false, mine(1)],
    ["the new URN after a rename, generation kept", `${OTHER}#3@${ME}`, false, mine(3)],
    ["this state's after MYTPE_TAKE_FROM took another's", theirs(4), false, mine(4)],
    ["the flag dropped once the replacement is no longer owed", mine(2, "!replaced"), false, mine(2)],
  ])("%s", (_case, text, writing, expected) => {
    expect(markToWrite(link("a", text), SELF, writing)).toBe(expected);
  });

  it("flags a link archived first for a replacement the declaration asks for, its generation kept", () => {
    expect(replacedMark(link("a", mine(3)), SELF, false)).toBe(mine(3, "!replaced"));
  });

  it("flags a link of a targeted replacement (`--replace`) as owed", () => {
    expect(replacedMark(link("a", mine(3)), SELF, true)).toBe(mine(3, "!owed"));
  });
});

describe("who may adopt a link", () => {
  it.each([
    ["an unmarked link is free", link("a", undefined), undefined, undefined],
    ["a link carrying the adopter's own mark is its own", link("a", mine(2)), undefined, undefined],
    ["a link marked before owners were recorded with the adopter's name is its own", link("a", URN), undefined, undefined],
  ])("%s", (_case, live, heldBy, expected) => {
    expect(ownerRefusal(live, SELF, heldBy, undefined)).toBe(expected);
  });

  it("refuses a link another resource marked, naming the owner and the hand-off", () => {
    expect(ownerRefusal(link("a", `${OTHER}#1@${THEM}`), SELF, undefined, undefined)).toBe(
      `link a is managed by resource "gift" of stack prod (project shop, state ${THEM}) (its mark); a link has one owner: hand it over first — in that stack run \`mytpe-links release gift\` (it forgets the link without archiving it) — or remove \`adopt\` here`,
    );
  });

  it("refuses a link another state marked with this name, unless MYTPE_TAKE_FROM names that state", () => {
    expect(ownerRefusal(link("a", theirs()), SELF, undefined, undefined)).toContain("a link has one owner");
    expect(ownerRefusal(link("a", theirs()), SELF, undefined, THEM)).toBeUndefined();
  });

  it("refuses a link another resource takes in this run", () => {
    expect(ownerRefusal(link("a", undefined), SELF, OTHER, undefined)).toBe(
      'link a is taken by resource "gift" of stack prod (project shop) too; a link has one owner: keep `adopt: a` on one declaration only',
    );
  });
});

describe("the orphan report", () => {
  it("lists live links this state marked that no state holds: by its owner id, or by project and stack for older marks", () => {
    const links = [
      link("held", mine()),
      link("retained", mine(1)),
      link("killed", `${OTHER}#2@${ME}`),
      link("older", `${OTHER}#2`),
      link("legacy", "shop/prod/old"),
      link("archived", mine(), "archived"),
      link("same-names-other-state", theirs()),
      link("other-project", "urn:pulumi:prod::garden::pulumi-nodejs:dynamic/mytpe:PaymentLink::voucher"),
      link("other-stack", "urn:pulumi:staging::shop::pulumi-nodejs:dynamic/mytpe:PaymentLink::voucher"),
      link("unmarked", undefined),
    ];
    expect(orphans(links, { owner: ME, project: "shop", stack: "prod" }, new Set(["held"])).map(({ link: { id } }) => id)).toEqual([
      "retained",
      "killed",
      "older",
      "legacy",
    ]);
  });

  it("lists no mark naming an owner when the state records none", () => {
    expect(orphans([link("a", mine())], { owner: undefined, project: "shop", stack: "prod" }, new Set())).toEqual([]);
  });
});
