// The policy rules as pure functions, on the properties the analyzer sees (declared inputs).
import { describe, expect, it } from "vitest";
import { amountsAbove, ceilingFor } from "../../src/policy/rules/amount-ceiling.ts";
import { openAmountProblem } from "../../src/policy/rules/open-amount-max.ts";
import { paidReplacementProblem } from "../../src/policy/rules/paid-link-replacement.ts";
import { missingMetadata } from "../../src/policy/rules/required-metadata.ts";

describe("the policy rules", () => {
  it("want max_amount on an open-amount link only", () => {
    expect(openAmountProblem({ amount_mode: "open", min_amount: "100.00" })).toContain("must set max_amount");
    expect(openAmountProblem({ amount_mode: "open", max_amount: "100.00" })).toBeUndefined();
    expect(openAmountProblem({ amount_mode: "fixed", amount: "100.00" })).toBeUndefined();
  });

  it("hold every amount under the stack's ceiling", () => {
    expect(ceilingFor("production", { maxAmount: 1000, stacks: { production: 500 } })).toBe(500);
    expect(ceilingFor("dev", { maxAmount: 1000, stacks: { production: 500 } })).toBe(1000);
    expect(amountsAbove({ amount_mode: "open", min_amount: "10.00", max_amount: "600.00", currency: "EUR" }, 500)).toEqual([
      "max_amount 600.00 EUR is above the ceiling of 500 for this stack",
    ]);
    expect(amountsAbove({ amount: "500.00" }, 500)).toEqual([]);
  });

  it("want an explicit on_pricing_change, replace counting unless the stack forbids it", () => {
    expect(paidReplacementProblem({})).toContain("on_pricing_change is not set");
    expect(paidReplacementProblem({ on_pricing_change: "fail" })).toBeUndefined();
    expect(paidReplacementProblem({ on_pricing_change: "replace" })).toBeUndefined();
    expect(paidReplacementProblem({ on_pricing_change: "replace" }, { allowReplace: false })).toContain("does not allow");
  });

  it("want the metadata keys in the listed stacks only", () => {
    expect(missingMetadata({ metadata: { campaign: "spring" } }, "production")).toEqual([]);
    expect(missingMetadata({ metadata: { campaign: "" } }, "production")).toEqual(["campaign"]);
    expect(missingMetadata({}, "dev")).toEqual([]);
    expect(missingMetadata({ metadata: { team: "x" } }, "test", { stacks: ["test"], keys: ["campaign", "team"] })).toEqual(["campaign"]);
  });
});
