// The convergence check the soak and crash runs end with.
import { describe, expect, it } from "vitest";
import { MARKER_KEY } from "../../src/provider/link-marker.ts";
import { PAYMENT_LINK_TYPE } from "../../src/provider/protocol.ts";
import type { Link } from "../../src/sandbox/link.ts";
import { converged, convergenceReport, faultShares, type StateLink } from "../../scripts/convergence.ts";

const mark = (name: string) => `p/s/${name}`;
const live = (id: string, name: string | undefined, status: Link["status"] = "active") =>
  ({ id, status, metadata: name ? { [MARKER_KEY]: mark(name) } : null }) as Link;
const state = (name: string, id: string, status = "active"): StateLink => ({
  urn: `urn:pulumi:s::p::${PAYMENT_LINK_TYPE}::${name}`,
  type: PAYMENT_LINK_TYPE,
  id,
  outputs: { status },
});

describe("convergenceReport", () => {
  it("calls one live marked link per declaration, agreeing with state, converged", () => {
    const report = convergenceReport({
      declared: { a: {}, b: { status: "paused" } },
      markOf: mark,
      links: [live("1", "a"), live("2", "b", "paused"), live("3", "a", "archived")],
      state: [state("a", "1"), state("b", "2", "paused")],
    });
    expect(report).toEqual({ declared: 2, live: 2, marked: 2, duplicates: [], orphanDrafts: [], mismatches: [] });
    expect(converged(report)).toBe(true);
  });

  it("finds a duplicate: two live links carrying one mark", () => {
    const report = convergenceReport({
      declared: { a: {} },
      markOf: mark,
      links: [live("1", "a"), live("2", "a")],
      state: [state("a", "1")],
    });
    expect(report.duplicates).toEqual(["p/s/a"]);
    expect(converged(report)).toBe(false);
  });

  it("finds an orphaned draft that nobody declared as a draft", () => {
    const report = convergenceReport({
      declared: { a: {} },
      markOf: mark,
      links: [live("1", "a"), live("9", undefined, "draft")],
      state: [state("a", "1")],
    });
    expect(report.orphanDrafts).toEqual(["9 (unmarked)"]);
    expect(converged(report)).toBe(false);
  });

  it("finds state that disagrees with the API, and declarations missing from state", () => {
    const report = convergenceReport({
      declared: { a: {}, b: {} },
      markOf: mark,
      links: [live("1", "a", "paused")],
      state: [state("a", "1"), state("c", "7")],
    });
    expect(report.mismatches).toEqual([
      "a: live status paused, declared active",
      "a: state says active, the API paused",
      "b: not in state",
      "c: in state but not declared",
    ]);
  });
});

describe("the soak's faults", () => {
  it("split the failure rate in three kinds, or in four with a third of 429s", () => {
    const plain = faultShares(0.3, false, 7);
    for (const rate of [plain.error_rate, plain.drop_rate, plain.lost_response_rate]) expect(rate).toBeCloseTo(0.1);
    expect(plain).toMatchObject({ throttle_rate: 0, seed: 7 });
    const with429 = faultShares(0.3, true, 7);
    expect(with429.throttle_rate).toBeCloseTo(0.1);
    expect((with429.error_rate ?? 0) + (with429.drop_rate ?? 0) + (with429.lost_response_rate ?? 0) + (with429.throttle_rate ?? 0)).toBeCloseTo(0.3);
  });
});
