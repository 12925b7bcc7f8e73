import { describe, expect, it } from "vitest";
import type { LinkRow } from "../../../src/cli/links/link-rows.ts";
import { linksTable } from "../../../src/cli/links/links-table.ts";

const row = (fields: Partial<LinkRow> & { name: string }): LinkRow => ({
  id: fields.name,
  title: fields.name,
  status: "active",
  url: `https://pay.mytpe.appp/${fields.name}-x1`,
  paid_count: 0,
  total_collected: "0.00",
  currency: "DZD",
  amount_mode: "fixed",
  amount: "1500.00",
  metadata: {},
  file: "links/spring.yaml",
  drift: [],
  ...fields,
});

/** A row no file declares any more. */
function withoutFile({ file: _file, ...rest }: LinkRow): LinkRow {
  return rest;
}

describe("the links table", () => {
  it("lines up name, status, URL, payments, money, file and drift, then the totals", () => {
    const lines = linksTable(
      [
        row({ name: "donation", paid_count: 2, total_collected: "3700.50" }),
        row({
          name: "voucher-10k",
          status: "exhausted",
          paid_count: 500,
          total_collected: "5000000.00",
          drift: [{ field: "status", state: "active", live: "exhausted" }],
        }),
        withoutFile(row({ name: "old", status: "archived" })),
      ],
      "local",
    );
    expect(lines.join("\n")).toMatchInlineSnapshot(`
      "NAME         STATUS     URL                                    PAID         COLLECTED  FILE               DRIFT
      donation     active     https://pay.mytpe.appp/donation-x1        2      3,700.50 DZD  links/spring.yaml
      voucher-10k  exhausted  https://pay.mytpe.appp/voucher-10k-x1   500  5,000,000.00 DZD  links/spring.yaml  status
      old          archived   https://pay.mytpe.appp/old-x1             0          0.00 DZD  (no file)

      3 links: 1 active, 1 exhausted, 1 archived
      Collected: 5,003,700.50 DZD in 502 payments

      Drift: the live link differs from the stack's state (\`mytpe-links pulumi refresh\` records the live values; \`mytpe-links up\` then applies the declarations again where it can):
        voucher-10k  status: active → exhausted"
    `);
  });

  it("gives the totals of each currency on its own line when there are several", () => {
    const lines = linksTable(
      [row({ name: "a", paid_count: 1, total_collected: "10.00" }), row({ name: "b", currency: "EUR", paid_count: 1, total_collected: "2.50" })],
      "local",
    );
    expect(lines.slice(-2)).toEqual(["Collected: 10.00 DZD in 1 payment (1 link)", "Collected: 2.50 EUR in 1 payment (1 link)"]);
  });

  it("says how to get links when the stack has none", () => {
    expect(linksTable([], "production")).toEqual(["Stack production has no links yet: declare some in links/ and run `mytpe-links up`."]);
  });
});
