// What a preview shows for values not known yet: a possible replacement whenever `up` could then
// make a new link (a fixed field, or a pricing field of a paid link), an update otherwise.
import { describe, expect, it } from "vitest";
import { decideUnknownFields } from "../../src/provider/unknown-fields.ts";
import type { LinkField } from "../../src/link/link-fields.ts";

const cases: { name: string; unknown: LinkField[]; paid: number; onPricingChange?: string; kind: string; fields?: LinkField[] }[] = [
  { name: "an unknown title is an update", unknown: ["title"], paid: 3, kind: "update" },
  { name: "an unknown amount of an unpaid link is an update", unknown: ["amount"], paid: 0, kind: "update" },
  { name: "an unknown amount of a paid link may replace it", unknown: ["amount"], paid: 1, kind: "possible-replace", fields: ["amount"] },
  { name: "an unknown usage mode of a paid link may replace it", unknown: ["usage_mode", "title"], paid: 2, kind: "possible-replace", fields: ["usage_mode"] },
  {
    name: "an unknown amount of a paid link that fails on pricing changes may be refused",
    unknown: ["amount"],
    paid: 1,
    onPricingChange: "fail",
    kind: "possible-refusal",
    fields: ["amount"],
  },
  {
    name: "an unknown instance may replace even an unpaid link",
    unknown: ["payment_instance_id"],
    paid: 0,
    kind: "possible-replace",
    fields: ["payment_instance_id"],
  },
  {
    name: "an unknown instance and amount of a paid link may replace it for both",
    unknown: ["payment_instance_id", "amount"],
    paid: 1,
    kind: "possible-replace",
    fields: ["payment_instance_id", "amount"],
  },
  {
    name: "an unknown instance replaces whatever on_pricing_change says",
    unknown: ["payment_instance_id", "amount"],
    paid: 1,
    onPricingChange: "fail",
    kind: "possible-replace",
    fields: ["payment_instance_id"],
  },
];

describe("decideUnknownFields", () => {
  for (const row of cases) {
    it(row.name, () => {
      const decision = decideUnknownFields(row.unknown, row.paid, row.onPricingChange);
      expect(decision.kind).toBe(row.kind);
      if (decision.kind !== "update") expect(decision.fields).toEqual(row.fields);
    });
  }

  it("says why, naming the field and the payments", () => {
    const decision = decideUnknownFields(["amount"], 2, undefined);
    expect(decision.kind !== "update" && decision.reason).toMatchInlineSnapshot(
      `"amount is not known yet and the link has been paid (2 times); if it differs from the live link's, the link is replaced (a new URL)"`,
    );
  });
});
