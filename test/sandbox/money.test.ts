import { describe, expect, it } from "vitest";
import { formatCents, parseMoney } from "../../src/sandbox/money.ts";

describe("money", () => {
  it.each([
    [4500, 450000],
    ["4500", 450000],
    ["4500.5", 450050],
    [0.1, 10],
    [4500.55, 450055],
    ["999999999999.99", 99999999999999],
  ])("reads %j as %d centimes", (input, cents) => {
    expect(parseMoney(input)).toEqual({ ok: true, cents });
  });

  it.each([
    ["abc", "not_numeric"],
    [true, "not_numeric"],
    ["1e3", "not_numeric"],
    [1.005, "too_many_decimals"],
    ["1.005", "too_many_decimals"],
    [1e12, "too_many_digits"],
    ["1000000000000", "too_many_digits"],
  ])("refuses %j as %s", (input, problem) => {
    expect(parseMoney(input)).toEqual({ ok: false, problem });
  });

  it("formats centimes with two decimals", () => {
    expect(formatCents(450000)).toBe("4500.00");
    expect(formatCents(5)).toBe("0.05");
  });
});
