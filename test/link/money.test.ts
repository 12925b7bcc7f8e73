import { describe, expect, it } from "vitest";
import { amountOf, formatMoney, sameAmount } from "../../src/link/money.ts";

describe("money in a plan", () => {
  it.each([
    ["4500.00", "DZD", "4,500.00 DZD"],
    [4500, "DZD", "4,500.00 DZD"],
    ["2500.5", "EUR", "2,500.50 EUR"],
    ["0.75", "DZD", "0.75 DZD"],
    ["123456789012.34", "DZD", "123,456,789,012.34 DZD"],
  ])("shows %j in %s as %s", (value, currency, shown) => {
    expect(formatMoney(value, currency)).toBe(shown);
  });

  it("compares amounts, not their spelling", () => {
    expect(sameAmount("4500.00", 4500)).toBe(true);
    expect(sameAmount("4500.00", "4500.0")).toBe(true);
    expect(sameAmount("4500.00", "4500.01")).toBe(false);
    expect(sameAmount(undefined, null)).toBe(true);
    expect(sameAmount(undefined, "1.00")).toBe(false);
  });

  it("reads no amount from what is not one", () => {
    expect(amountOf("abc")).toBeUndefined();
    expect(amountOf(undefined)).toBeUndefined();
    expect(amountOf("12.5")).toBe(12.5);
  });
});
