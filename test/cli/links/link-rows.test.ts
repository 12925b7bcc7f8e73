import { describe, expect, it } from "vitest";
import { hasDrift, linkRows, totalsOf, type LinkRow } from "../../../src/cli/links/link-rows.ts";
import { liveLink, stackLink } from "./fixtures.ts";

const row = (fields: Partial<LinkRow>): LinkRow => ({
  name: "x",
  id: "x",
  title: "X",
  status: "active",
  url: "https://pay.mytpe.appp/x",
  paid_count: 0,
  total_collected: "0.00",
  currency: "DZD",
  amount_mode: "fixed",
  amount: "1.00",
  metadata: {},
  drift: [],
  ...fields,
});

describe("the rows of the links report", () => {
  it("shows the live link's values, state's URL, the declaring file and the drift", () => {
    const before = liveLink({ id: "a", metadata: { campaign: "spring", _pulumi_link: "mark" } });
    const now = { ...before, title: "Edited", paid_count: 2, total_collected: "3000.00" };
    const [shown] = linkRows([stackLink("a-link", before)], new Map([["a", now]]), new Map([["a-link", "links/spring.yaml"]]));
    expect(shown).toEqual({
      name: "a-link",
      id: "a",
      title: "Edited",
      status: "active",
      url: "https://pay.mytpe.appp/a-slug",
      paid_count: 2,
      total_collected: "3000.00",
      currency: "DZD",
      amount_mode: "fixed",
      amount: "1500.00",
      metadata: { campaign: "spring" },
      file: "links/spring.yaml",
      drift: [{ field: "title", state: "Link a", live: "Edited" }],
    });
  });

  it("shows a gone link with state's last values, no file when no file declares it", () => {
    const before = liveLink({ id: "a", paid_count: 1, total_collected: "1500.00" });
    const [shown] = linkRows([stackLink("a-link", before)], new Map([["a", undefined]]), new Map());
    expect(shown).toMatchObject({ status: "gone", paid_count: 1, total_collected: "1500.00", title: "Link a" });
    expect(shown).not.toHaveProperty("file");
    expect(hasDrift([shown!])).toBe(true);
  });

  it("counts links per status in lifecycle order and sums money per currency to the cent", () => {
    const totals = totalsOf([
      row({ status: "archived", paid_count: 1, total_collected: "0.10" }),
      row({ status: "active", paid_count: 2, total_collected: "0.20" }),
      row({ status: "draft" }),
      row({ status: "active", paid_count: 1, total_collected: "123456789012.34" }),
      row({ status: "gone", currency: "EUR", paid_count: 4, total_collected: "10.5" }),
    ]);
    expect(totals).toEqual({
      byStatus: [
        { status: "draft", links: 1 },
        { status: "active", links: 2 },
        { status: "archived", links: 1 },
        { status: "gone", links: 1 },
      ],
      byCurrency: [
        { currency: "DZD", links: 4, paid_count: 4, total_collected: "123456789012.64" },
        { currency: "EUR", links: 1, paid_count: 4, total_collected: "10.50" },
      ],
    });
  });

  it("has no drift when no row has any", () => {
    expect(hasDrift([row({}), row({ name: "y" })])).toBe(false);
  });
});
