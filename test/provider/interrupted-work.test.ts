import { describe, expect, it } from "vitest";
import type { Link } from "../../src/link/link.ts";
import { interruptedWork, settleInterrupted, type Fit } from "../../src/provider/interrupted-work.ts";
import { link, mine, SELF, theirs } from "./mark-fixtures.ts";

describe("what a killed run left of a replacement", () => {
  it.each([
    ["its own later generation, live: the new link it made", link("old", mine()), [link("new", mine(2))], ["new"], false],
    ["the link itself flagged: archived first, the new link still owed", link("old", mine(1, "!replaced"), "archived"), [], [], true],
    ["no successor in an earlier generation (kept by retainOnDelete)", link("new", mine(2)), [link("old", mine(1))], [], false],
    ["no successor in an archived later generation", link("old", mine()), [link("new", mine(2), "archived")], [], false],
    ["no successor in another state's later generation", link("old", mine()), [link("new", theirs(2))], [], false],
    ["nothing for a lone link", link("old", mine()), [], [], false],
  ])("%s", (_case, current, links, successors, flagged) => {
    const work = interruptedWork(current, [current, ...links], SELF);
    expect({ successors: work.successors.map((one) => one.id), flagged: work.flagged }).toEqual({ successors, flagged });
  });

  it("lists successors newest first, and tells a targeted replacement's flag", () => {
    const current = link("old", mine(1, "!owed"));
    const work = interruptedWork(current, [current, link("b", mine(2)), link("c", mine(3))], SELF);
    expect(work).toMatchObject({ successors: [{ id: "c" }, { id: "b" }], flagged: true, owed: true });
  });
});

describe("finishing or rolling back what a killed run left", () => {
  const fits = (table: Record<string, Fit>) => (one: Link) => table[one.id] ?? "same";
  it.each([
    ["nothing to do without successors or flag", link("old", mine()), [], false, false, {}, "none"],
    [
      "finishes when the old link has ended (archived by the killed run)",
      link("old", mine(), "archived"),
      ["new"],
      false,
      false,
      { new: "in-place" },
      "finish",
    ],
    [
      "finishes when the successor is exactly as declared (the replacement is still wanted)",
      link("old", mine()),
      ["new"],
      false,
      false,
      { new: "same", old: "same" },
      "finish",
    ],
    [
      "rolls back when the declaration went back to the old link (a reverted repricing keeps the paid link)",
      link("old", mine()),
      ["new"],
      false,
      false,
      { new: "in-place", old: "same" },
      "roll-back",
    ],
    ["finishes when only a new link can meet the declaration", link("old", mine()), ["new"], false, false, { new: "in-place", old: "new-link" }, "finish"],
    ["finishes a targeted replacement still owed", link("old", mine(1, "!owed")), [], true, true, { old: "same" }, "finish"],
    ["finishes a delete-first replacement the declaration still asks for", link("old", mine(1, "!replaced")), [], true, false, { old: "new-link" }, "finish"],
    [
      "rolls back a delete-first replacement the declaration no longer asks for (its flag cleared)",
      link("old", mine(1, "!replaced")),
      [],
      true,
      false,
      { old: "same" },
      "roll-back",
    ],
  ])("%s", (_case, current, successors, flagged, owed, table, kind) => {
    const work = { successors: successors.map((id) => link(id, mine(2))), flagged, owed };
    expect(settleInterrupted(current, work, fits(table as Record<string, Fit>)).kind).toBe(kind);
  });
});
