import { describe, expect, it } from "vitest";
import { canonicalInstant, sameInstant } from "../../src/link/instant.ts";

describe("canonicalInstant", () => {
  it.each([
    ["the API's microsecond form of a whole second", "2027-12-31T22:59:59.000000Z", "2027-12-31T22:59:59.000Z"],
    ["the millisecond form, unchanged", "2027-12-31T22:59:59.000Z", "2027-12-31T22:59:59.000Z"],
    ["a declaration with an offset, in UTC", "2027-03-01T09:00:00+01:00", "2027-03-01T08:00:00.000Z"],
    ["microseconds kept when they are not whole milliseconds", "2027-03-01T09:00:00.123456+01:00", "2027-03-01T08:00:00.123456Z"],
    ["nanoseconds cut to the API's microseconds", "2027-03-01T08:00:00.1234567Z", "2027-03-01T08:00:00.123456Z"],
    ["an offset without a colon", "2027-03-01T09:00:00+0100", "2027-03-01T08:00:00.000Z"],
    ["no seconds", "2027-03-01T09:00Z", "2027-03-01T09:00:00.000Z"],
    ["a year of the first century", "0027-03-01T09:00:00Z", "0027-03-01T09:00:00.000Z"],
    ["the API's notation without a zone, as UTC", "2027-05-01 22:00:00", "2027-05-01T22:00:00.000Z"],
  ])("writes %s canonically", (_name, text, canonical) => {
    expect(canonicalInstant(text)).toBe(canonical);
  });

  it.each([["not a date"], ["2027-03-01"], ["2027-03-01T09"], ["2027-02-30T09:00:00Z"]])("is undefined for %s", (text) => {
    expect(canonicalInstant(text)).toBeUndefined();
  });
});

describe("sameInstant", () => {
  it("holds one instant in its API and declaration notations to be the same", () => {
    expect(sameInstant("2027-12-31T22:59:59.000000Z", "2027-12-31T23:59:59+01:00")).toBe(true);
  });

  it("tells instants a microsecond apart, which milliseconds would not", () => {
    expect(sameInstant("2027-12-31T22:59:59.123456Z", "2027-12-31T22:59:59.123457Z")).toBe(false);
  });
});
