import { describe, expect, it } from "vitest";
import { describeDrift, driftOf } from "../../../src/cli/links/link-drift.ts";
import { liveLink, stackLink } from "./fixtures.ts";

const base = liveLink({ id: "a", metadata: { campaign: "spring", _pulumi_link: "mytpe-links/test/a" } });
const state = stackLink("a", base).state;

describe("drift between a link's state and its live self", () => {
  it.each([
    ["no difference at all", base, []],
    ["payments only (they are the point, not drift)", { ...base, paid_count: 3, total_collected: "4500.00" }, []],
    ["the same amount spelled differently", { ...base, amount: "1500" }, []],
    ["a status changed by the platform", { ...base, status: "exhausted" as const }, [{ field: "status", state: "active", live: "exhausted" }]],
    ["a title edited in the dashboard", { ...base, title: "Edited" }, [{ field: "title", state: "Link a", live: "Edited" }]],
    [
      "metadata edited (the mark ignored)",
      { ...base, metadata: { campaign: "autumn" } },
      [{ field: "metadata", state: { campaign: "spring" }, live: { campaign: "autumn" } }],
    ],
    ["a new slug", { ...base, slug: "other" }, [{ field: "slug", state: "a-slug", live: "other" }]],
  ])("finds %s", (_case, live, expected) => {
    expect(driftOf(state, live)).toEqual(expected);
  });

  it("finds no drift in the payers of a whitelist link the list shows without them", () => {
    const whitelist = liveLink({ id: "w", usage_mode: "whitelist", allowed_payers: ["a@example.dz"] });
    const { allowed_payers: _omitted, ...listed } = whitelist;
    expect(driftOf(stackLink("w", whitelist).state, listed)).toEqual([]);
    expect(driftOf(stackLink("w", whitelist).state, { ...whitelist, allowed_payers: ["b@example.dz"] })).toEqual([
      { field: "allowed_payers", state: ["a@example.dz"], live: ["b@example.dz"] },
    ]);
  });

  it("says a link the API no longer has is gone", () => {
    expect(driftOf(state, undefined)).toEqual([{ field: "status", state: "active", live: "gone" }]);
  });

  it.each([
    [{ field: "status", state: "active", live: "exhausted" }, "status: active → exhausted"],
    [{ field: "title", state: "Spring fund", live: "Spring fund!" }, 'title: "Spring fund" → "Spring fund!"'],
    [{ field: "amount", state: "1500.00", live: "2000.00" }, "amount: 1500.00 → 2000.00"],
    [{ field: "description", state: undefined, live: "New" }, "description: (none) → New"],
    [{ field: "metadata", state: { a: "1" }, live: null }, 'metadata: {"a":"1"} → (none)'],
  ])("describes %j as %s", (drift, text) => {
    expect(describeDrift(drift)).toBe(text);
  });
});
