import { describe, expect, it } from "vitest";
import { fieldChanges, MONEY_RULE_FIELDS } from "../../../src/cli/plan/field-changes.ts";

describe("the fields a plan shows changing", () => {
  it("compares money as amounts and dates as instants, and flags money rules", () => {
    const changes = fieldChanges(
      { amount: "1000.00", currency: "DZD", ends_at: "2027-03-31T22:59:59.000000Z", max_uses: 10, title: "A", metadata: { a: "1" } },
      { amount: "1000.00", currency: "DZD", ends_at: "2027-03-31T23:59:59+01:00", max_uses: 20, title: "B", metadata: { a: "1" } },
    );
    expect(changes).toEqual([
      { field: "title", from: "A", to: "B", shown: { from: '"A"', to: '"B"' }, moneyRule: false },
      { field: "max_uses", from: 10, to: 20, shown: { from: "10", to: "20" }, moneyRule: true },
    ]);
  });

  it("shows a removed bound as (none), in the link's currency", () => {
    const [change] = fieldChanges({ max_amount: "5000.00", currency: "EUR" }, { currency: "EUR" });
    expect(change).toMatchObject({ field: "max_amount", shown: { from: "5,000.00 EUR", to: "(none)" }, moneyRule: true });
  });

  it("counts the pricing fields and the limits as money rules", () => {
    expect([...MONEY_RULE_FIELDS].sort()).toEqual(
      ["amount", "amount_mode", "currency", "max_amount", "max_uses", "min_amount", "target_amount", "usage_mode"].sort(),
    );
  });
});
