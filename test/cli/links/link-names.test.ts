import { describe, expect, it } from "vitest";
import { nameFromText, uniqueLinkNames } from "../../../src/cli/links/link-names.ts";
import { LINK_NAME } from "../../../src/program/link-name.ts";

describe("names for links brought under management", () => {
  it.each([
    ["Spring voucher — 10,000 DZD", "spring-voucher-10-000-dzd"],
    ["Café des Arts: abonnement", "cafe-des-arts-abonnement"],
    ["  --Élan!! ", "elan"],
    ["تبرع", ""],
    ["a".repeat(80), "a".repeat(63)],
    [`${"word-".repeat(14)}tail`, "word-word-word-word-word-word-word-word-word-word-word-word"],
  ])("makes %j into %j", (text, name) => {
    expect(nameFromText(text)).toBe(name);
  });

  it("takes the title, else the slug, else the id, and keeps every name valid and unique", () => {
    const names = uniqueLinkNames(
      [
        { title: "Concert", slug: "concert-a1", id: "11111111-aaaa" },
        { title: "Concert", slug: "concert-b2", id: "22222222-bbbb" },
        { title: "تبرع", slug: "tbr-x9f2", id: "33333333-cccc" },
        { title: "تبرع", slug: "", id: "44444444-dddd" },
        { title: "Donation", slug: "d", id: "55555555-eeee" },
      ],
      ["donation"],
    );
    expect(names).toEqual(["concert", "concert-2", "tbr-x9f2", "link-44444444", "donation-2"]);
    for (const name of names) expect(name).toMatch(LINK_NAME);
  });

  it("shortens a long name to make room for its number", () => {
    const long = "b".repeat(63);
    const [first, second] = uniqueLinkNames(
      [
        { title: long, slug: "", id: "1" },
        { title: long, slug: "", id: "2" },
      ],
      [],
    );
    expect(first).toBe(long);
    expect(second).toBe(`${"b".repeat(61)}-2`);
    expect(second).toMatch(LINK_NAME);
  });
});
