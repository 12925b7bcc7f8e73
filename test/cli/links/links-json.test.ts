import { describe, expect, it } from "vitest";
import { linksJson } from "../../../src/cli/links/links-json.ts";
import { linkRows } from "../../../src/cli/links/link-rows.ts";
import { liveLink, stackLink } from "./fixtures.ts";

describe("the links report as JSON", () => {
  it("gives every row with the API's wire names, the totals and whether anything drifted", () => {
    const a = liveLink({ id: "a", paid_count: 1, total_collected: "1500.00" });
    const b = liveLink({ id: "b", status: "paused" });
    const rows = linkRows(
      [stackLink("a", a), stackLink("b", b)],
      new Map([
        ["a", a],
        ["b", { ...b, status: "active" as const }],
      ]),
      new Map([["a", "links/x.yaml"]]),
    );
    const json = linksJson(rows, "local");
    expect(json.stack).toBe("local");
    expect(json.drift).toBe(true);
    expect(json.links.map(({ name, status, file, paid_count }) => ({ name, status, file, paid_count }))).toEqual([
      { name: "a", status: "active", file: "links/x.yaml", paid_count: 1 },
      { name: "b", status: "active", file: null, paid_count: 0 },
    ]);
    expect(json.totals).toEqual({ by_status: { active: 2 }, by_currency: { DZD: { links: 2, paid_count: 1, total_collected: "1500.00" } } });
  });
});
