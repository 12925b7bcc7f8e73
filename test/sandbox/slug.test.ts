import { describe, expect, it } from "vitest";
import { randomSuffix, slugPrefix } from "../../src/sandbox/slug.ts";

describe("slugs", () => {
  it.each([
    ["Spring voucher", "spring-voucher"],
    ["Commande n° 10428 — Été", "commande-n-10428-ete"],
    ["A very long title that goes on and on", "a-very-long-title-that-g"],
    ["تذكرة", "link"],
  ])("prefixes %s as %s", (title, prefix) => {
    expect(slugPrefix(title)).toBe(prefix);
  });

  it("adds four random lowercase letters or digits", () => {
    expect(randomSuffix()).toMatch(/^[a-z0-9]{4}$/);
  });
});
