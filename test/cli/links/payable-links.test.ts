import { describe, expect, it } from "vitest";
import { payableLinksSummary } from "../../../src/cli/links/payable-links.ts";

describe("what up prints about the links", () => {
  it("lists only active links under Payment links, with status and URL, and counts the others by status", () => {
    const lines = payableLinksSummary([
      { name: "voucher", status: "active", url: "https://pay.mytpe.appp/v" },
      { name: "old-promo", status: "archived", url: "https://pay.mytpe.appp/o" },
      { name: "spent", status: "exhausted", url: "https://pay.mytpe.appp/s" },
      { name: "window", status: "expired", url: "https://pay.mytpe.appp/w" },
      { name: "later", status: "paused", url: "https://pay.mytpe.appp/l" },
      { name: "draft-one", status: "draft", url: "https://pay.mytpe.appp/d" },
      { name: "donation", status: "active", url: "https://pay.mytpe.appp/d2" },
    ]);
    expect(lines).toEqual([
      "Payment links:",
      "  voucher    active  https://pay.mytpe.appp/v",
      "  donation   active  https://pay.mytpe.appp/d2",
      "",
      "Not payable (5 links): 1 draft, 1 paused, 1 exhausted, 1 expired, 1 archived",
      "  draft-one  draft",
      "  later      paused",
      "  spent      exhausted",
      "  window     expired",
      "  old-promo  archived",
    ]);
  });

  it("says when no link accepts payments", () => {
    expect(payableLinksSummary([{ name: "a", status: "paused", url: "u" }])).toEqual([
      "Payment links:",
      "  (none accepts payments now)",
      "",
      "Not payable (1 link): 1 paused",
      "  a  paused",
    ]);
  });

  it("prints the heading alone for a stack without links", () => {
    expect(payableLinksSummary([])).toEqual(["Payment links:", "  (none accepts payments now)"]);
  });
});
