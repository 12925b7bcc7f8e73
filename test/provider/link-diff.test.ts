// How a declared link compares with the live one, field by field, and the bodies sent to the API.
import { describe, expect, it } from "vitest";
import { changedFields, createBody, declaredValue, refreshDrift, sameValue, updateBody, type LinkFacts } from "../../src/provider/link-diff.ts";
import type { LinkField } from "../../src/link/link-fields.ts";
import type { LinkSpec } from "../../src/link/link-spec.ts";
import { INSTANCE, OTHER_INSTANCE, FORM, spec, facts, VOUCHER, WINDOW_SPEC, WINDOW_FACTS } from "./link-examples.ts";

describe("sameValue", () => {
  it.each<[LinkField, unknown, unknown]>([
    ["amount", 4500, "4500.00"],
    ["amount", "4500.10", "4500.1"],
    ["min_amount", "100.00", 100],
    ["max_amount", "5000", "5000.00"],
    ["target_amount", 250000, "250000.00"],
    ["starts_at", "2027-03-01T09:00:00+01:00", "2027-03-01T08:00:00.000000Z"],
    ["ends_at", "2027-03-01T08:00:00.123Z", "2027-03-01T08:00:00.123000Z"],
    ["expires_at", "2027-03-01T10:30:00.000+02:30", "2027-03-01T08:00:00Z"],
    ["metadata", { campaign: "spring", channel: "sms" }, { channel: "sms", campaign: "spring" }],
    ["allowed_payers", ["a@example.dz", "+213555123456"], ["+213555123456", "a@example.dz"]],
    ["metadata", [], {}],
    ["metadata", {}, null],
    ["metadata", null, undefined],
    ["metadata", [], undefined],
    ["allowed_payers", [], null],
    ["allowed_payers", {}, undefined],
    ["description", null, undefined],
    ["title", "Voucher", "Voucher"],
    ["max_uses", 500, 500],
    ["currency", "DZD", "DZD"],
    ["payment_instance_id", INSTANCE, INSTANCE.toUpperCase()],
    ["form_id", INSTANCE.toUpperCase(), INSTANCE],
  ])("treats %s %j and %j as the same", (field, a, b) => {
    expect(sameValue(field, a, b)).toBe(true);
    expect(sameValue(field, b, a)).toBe(true);
  });

  it.each<[LinkField, unknown, unknown]>([
    ["amount", "4500.00", "4500.01"],
    ["amount", null, "4500.00"],
    ["target_amount", 250000, 250001],
    ["starts_at", "2027-03-01T09:00:00+01:00", "2027-03-01T09:00:00Z"],
    ["ends_at", "2027-03-01T08:00:00.123Z", "2027-03-01T08:00:00.124Z"],
    ["metadata", { campaign: "spring" }, { campaign: "summer" }],
    ["metadata", { campaign: "spring" }, { campaign: "spring", channel: "sms" }],
    ["metadata", { campaign: "spring" }, null],
    ["allowed_payers", ["a@example.dz"], ["b@example.dz"]],
    ["allowed_payers", ["a@example.dz"], []],
    ["title", "Voucher", "voucher"],
    ["description", "Spring offer", null],
    ["max_uses", 500, 501],
    ["currency", "DZD", "EUR"],
    ["payment_instance_id", INSTANCE, OTHER_INSTANCE],
    ["form_id", INSTANCE, OTHER_INSTANCE],
  ])("tells %s %j and %j apart", (field, a, b) => {
    expect(sameValue(field, a, b)).toBe(false);
    expect(sameValue(field, b, a)).toBe(false);
  });
});

describe("declaredValue", () => {
  it("defaults the currency to DZD when the declaration does not name one", () => {
    expect(spec().currency).toBe("DZD");
    expect(declaredValue(spec(), "currency")).toBe("DZD");
    const { currency: _currency, ...withoutCurrency } = spec();
    expect(declaredValue(withoutCurrency as LinkSpec, "currency")).toBe("DZD");
  });

  it("keeps a declared currency", () => {
    // LinkSpec accepts DZD only, as the API does today; the diff does not depend on it.
    expect(declaredValue({ ...spec(), currency: "EUR" }, "currency")).toBe("EUR");
  });

  it("reads an undeclared field as null", () => {
    expect(declaredValue(spec(), "description")).toBeNull();
    expect(declaredValue(spec(), "metadata")).toBeNull();
    expect(declaredValue(spec({ description: null }), "description")).toBeNull();
  });

  it("gives money as the API writes it and instants in UTC", () => {
    expect(declaredValue(spec({ amount: 4500.5 }), "amount")).toBe("4500.50");
    expect(declaredValue(spec(WINDOW_SPEC), "starts_at")).toBe("2027-03-01T08:00:00.000Z");
  });
});

describe("changedFields", () => {
  it("finds nothing when the live link matches its declaration", () => {
    expect(changedFields(facts(), spec())).toEqual([]);
  });

  it("finds nothing when the API writes the same values differently", () => {
    expect(
      changedFields(
        facts({ ...WINDOW_FACTS, metadata: { channel: "sms", campaign: "spring" } }),
        spec({ ...WINDOW_SPEC, metadata: { campaign: "spring", channel: "sms" } }),
      ),
    ).toEqual([]);
  });

  it("lists every changed field, in the order of the field table", () => {
    expect(changedFields(facts(), spec({ metadata: { campaign: "spring" }, title: "Spring voucher", amount: 12000 }))).toEqual(["title", "amount", "metadata"]);
  });

  it("lists a field set on the link that the declaration no longer holds", () => {
    expect(changedFields(facts({ description: "Old text", metadata: { campaign: "spring" } }), spec())).toEqual(["description", "metadata"]);
  });
});

describe("createBody", () => {
  it("sends every declared field and nothing else", () => {
    expect(createBody(spec({ status: "paused", on_pricing_change: "fail", on_terminal: "recreate" }))).toStrictEqual({
      payment_instance_id: INSTANCE,
      title: "Voucher",
      amount_mode: "fixed",
      amount: "10000.00",
      currency: "DZD",
      usage_mode: "limited",
      max_uses: 500,
    });
  });

  it("leaves out fields declared as null", () => {
    const body = createBody(spec({ description: null, form_id: null, metadata: null }));
    expect(body).not.toHaveProperty("description");
    expect(body).not.toHaveProperty("form_id");
    expect(body).not.toHaveProperty("metadata");
  });

  it("sends optional fields when they are declared", () => {
    expect(createBody(spec({ ...WINDOW_SPEC, description: "Spring offer", form_id: FORM, metadata: { campaign: "spring" } }))).toStrictEqual({
      payment_instance_id: INSTANCE,
      form_id: FORM,
      title: "Voucher",
      description: "Spring offer",
      amount_mode: "fixed",
      amount: "10000.00",
      currency: "DZD",
      usage_mode: "time_window",
      starts_at: "2027-03-01T08:00:00.000Z",
      ends_at: "2027-03-31T22:59:59.000Z",
      metadata: { campaign: "spring" },
    });
  });
});

describe("updateBody", () => {
  it("sends only the given fields, with null clearing those no longer declared", () => {
    expect(updateBody(spec({ title: "Spring voucher" }), ["title", "description", "metadata"])).toStrictEqual({
      title: "Spring voucher",
      description: null,
      metadata: null,
    });
  });

  it("sends the default currency rather than null", () => {
    expect(updateBody(spec(), ["currency"])).toStrictEqual({ currency: "DZD" });
  });

  it("sends an empty body when nothing changed", () => {
    expect(updateBody(spec(), [])).toStrictEqual({});
  });
});

describe("refreshDrift", () => {
  it.each<[string, Partial<LinkFacts>, boolean, Record<string, unknown>, boolean]>([
    ["the live link matches its last declaration", {}, false, VOUCHER, false],
    ["archived on the dashboard though declared active (up will refuse)", { status: "archived" }, false, VOUCHER, true],
    ["retitled on the dashboard (up will update)", { title: "Retitled" }, false, VOUCHER, true],
    ["paid and declared at another price (up will replace)", { paid_count: 1, amount: "900.00" }, false, VOUCHER, true],
    ["a replacement owed (up finishes it)", {}, true, VOUCHER, true],
    ["a last declaration that no longer parses", {}, false, { ...VOUCHER, amount_mode: "sliding" }, true],
  ])("%s", (_, live, owed, lastDeclared, drift) => {
    expect(refreshDrift(facts(live), owed, lastDeclared)).toBe(drift);
  });
});
