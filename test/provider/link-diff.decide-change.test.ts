// What a change to a declared link becomes (nothing, an update, status calls, a replacement or a
// refusal with its reason), decided from the live link and the declaration: decideChange.
import { describe, expect, it } from "vitest";
import { decideChange, type ChangeDecision, type LinkFacts } from "../../src/provider/link-diff.ts";
import type { LinkField } from "../../src/link/link-fields.ts";
import type { LinkSpec, LinkSpecInput } from "../../src/link/link-spec.ts";
import type { StatusPlan } from "../../src/provider/status-plan.ts";
import { OTHER_INSTANCE, FORM, spec, facts, OPEN_SPEC, OPEN_FACTS, WINDOW_SPEC, WINDOW_FACTS } from "./link-examples.ts";

describe("decideChange", () => {
  type Row = [name: string, live: LinkFacts, declared: LinkSpec, expected: ChangeDecision];

  const ACTIVE_CALLS: Extract<StatusPlan, { kind: "calls" }> = { kind: "calls", actions: [] };

  it.each<Row>([
    ["a link that matches its declaration needs nothing", facts(), spec(), { action: "none" }],
    ["a new title is updated in place", facts(), spec({ title: "Spring voucher" }), { action: "update", fields: ["title"], status: ACTIVE_CALLS }],
    [
      "pausing an active link is a status call",
      facts(),
      spec({ status: "paused" }),
      { action: "update", fields: [], status: { kind: "calls", actions: ["pause"] } },
    ],
    [
      "publishing a draft is a status call",
      facts({ status: "draft" }),
      spec(),
      { action: "update", fields: [], status: { kind: "calls", actions: ["publish"] } },
    ],
    [
      "a field change and a status change go together",
      facts({ status: "paused" }),
      spec({ title: "Spring voucher" }),
      { action: "update", fields: ["title"], status: { kind: "calls", actions: ["resume"] } },
    ],
    [
      "a new amount on a link never paid is updated in place",
      facts({ paid_count: 0 }),
      spec({ amount: 12000 }),
      { action: "update", fields: ["amount"], status: ACTIVE_CALLS },
    ],
    [
      "archiving a paid link is a status call",
      facts({ paid_count: 3 }),
      spec({ status: "archived" }),
      { action: "update", fields: [], status: { kind: "calls", actions: ["archive"] } },
    ],
  ])("%s", (_name, live, declared, expected) => {
    expect(decideChange(live, declared)).toEqual(expected);
  });

  it("replaces a live link moved to another payment instance", () => {
    for (const status of ["draft", "active", "paused"] as const) {
      const decision = decideChange(facts({ status }), spec({ payment_instance_id: OTHER_INSTANCE }));
      expect(decision.action).toBe("replace");
      if (decision.action !== "replace") continue;
      expect(decision.fields).toEqual(["payment_instance_id"]);
      expect(decision.reason).toContain("payment_instance_id");
      expect(decision.reason).toBe("payment_instance_id cannot change on an existing link");
    }
  });

  it("replaces a paid link whose amount changes, and says the URL changes", () => {
    const decision = decideChange(facts({ paid_count: 3 }), spec({ amount: 12000 }));
    expect(decision).toEqual({
      action: "replace",
      fields: ["amount"],
      reason: "amount cannot change once the link has been paid (paid 3 times): a new link replaces it and the URL changes",
    });
  });

  it("says paid 1 time, not 1 times", () => {
    const decision = decideChange(facts({ paid_count: 1 }), spec({ amount: 12000 }));
    expect(decision.action === "replace" && decision.reason).toContain("(paid 1 time)");
  });

  it("refuses a pricing change on a paid link when on_pricing_change is fail", () => {
    const decision = decideChange(facts({ paid_count: 3 }), spec({ amount: 12000, on_pricing_change: "fail" }));
    expect(decision).toEqual({
      action: "refuse",
      reason:
        "amount cannot change once the link has been paid (paid 3 times), and on_pricing_change is fail: " +
        "revert the change, or allow replacement (a new link with a new URL)",
    });
  });

  it("updates a pricing change in place on a never-paid link even when on_pricing_change is fail", () => {
    expect(decideChange(facts({ paid_count: 0 }), spec({ amount: 12000, on_pricing_change: "fail" }))).toEqual({
      action: "update",
      fields: ["amount"],
      status: ACTIVE_CALLS,
    });
  });

  it.each<[field: LinkField, live: Partial<LinkFacts>, declared: Partial<LinkSpecInput>]>([
    ["amount_mode", { amount_mode: "open" }, {}],
    ["amount", {}, { amount: 12000 }],
    ["min_amount", OPEN_FACTS, { ...OPEN_SPEC, min_amount: 200 }],
    ["max_amount", OPEN_FACTS, { ...OPEN_SPEC, max_amount: 8000 }],
    ["currency", { currency: "EUR" }, {}],
    ["usage_mode", { usage_mode: "one_shot", max_uses: null }, { usage_mode: "reusable", max_uses: null }],
  ])("replaces a paid link whose %s changes", (field, live, declared) => {
    const decision = decideChange(facts({ ...live, paid_count: 2 }), spec(declared));
    expect(decision.action).toBe("replace");
    if (decision.action !== "replace") return;
    expect(decision.fields).toEqual([field]);
    expect(decision.reason).toContain(`${field} cannot change once the link has been paid`);
    expect(decision.reason).toContain("URL changes");
  });

  it("lists every pricing field that changes in the replacement reason", () => {
    const decision = decideChange(facts({ paid_count: 2 }), spec({ ...OPEN_SPEC, usage_mode: "reusable", max_uses: null }));
    expect(decision.action).toBe("replace");
    if (decision.action !== "replace") return;
    expect(decision.fields).toEqual(["amount_mode", "amount", "min_amount", "max_amount", "usage_mode", "max_uses"]);
    expect(decision.reason).toContain("amount_mode, amount, min_amount, max_amount, usage_mode cannot change");
  });

  it.each<[field: LinkField, live: Partial<LinkFacts>, declared: Partial<LinkSpecInput>]>([
    ["title", {}, { title: "Spring voucher" }],
    ["description", {}, { description: "Spring offer" }],
    ["description", { description: "Old text" }, {}],
    ["logo", {}, { logo: "https://cdn.example.dz/logo.png" }],
    ["form_id", {}, { form_id: FORM }],
    ["max_uses", {}, { max_uses: 1000 }],
    ["metadata", { metadata: { campaign: "spring" } }, { metadata: { campaign: "summer" } }],
    ["ends_at", WINDOW_FACTS, { ...WINDOW_SPEC, ends_at: "2027-04-30T23:59:59+01:00" }],
    ["starts_at", WINDOW_FACTS, { ...WINDOW_SPEC, starts_at: "2027-02-01T09:00:00+01:00" }],
    ["expires_at", {}, { expires_at: "2027-12-31T23:59:59+01:00" }],
    [
      "target_amount",
      { usage_mode: "capped_amount", max_uses: null, target_amount: 250000 },
      { usage_mode: "capped_amount", max_uses: null, target_amount: 300000 },
    ],
    [
      "allowed_payers",
      { usage_mode: "whitelist", max_uses: null, allowed_payers: ["a@example.dz"] },
      { usage_mode: "whitelist", max_uses: null, allowed_payers: ["a@example.dz", "+213555123456"] },
    ],
  ])("updates a paid link in place when %s changes", (field, live, declared) => {
    expect(decideChange(facts({ ...live, paid_count: 7 }), spec(declared))).toEqual({
      action: "update",
      fields: [field],
      status: ACTIVE_CALLS,
    });
  });

  it("accepts an exhausted link declared active and says how to recreate it", () => {
    const decision = decideChange(facts({ status: "exhausted", paid_count: 500 }), spec());
    expect(decision.action).toBe("none");
    if (decision.action !== "none") return;
    expect(decision.note).toContain("exhausted");
    expect(decision.note).toContain("on_terminal");
    expect(decision.note).toBe("the link is exhausted; accepted (set on_terminal: recreate to replace it)");
  });

  it("replaces an expired link when on_terminal is recreate", () => {
    expect(decideChange(facts({ status: "expired" }), spec({ on_terminal: "recreate" }))).toEqual({
      action: "replace",
      fields: [],
      reason: "the link is expired and on_terminal is recreate",
    });
  });

  it.each([["active"], ["paused"], ["draft"]] as const)("refuses, saying what to declare, an archived link declared %s", (status) => {
    expect(decideChange(facts({ status: "archived" }), spec({ status }))).toEqual({
      action: "refuse",
      reason:
        `the link is archived and an archived link never accepts payments again, yet it is declared ${status}: ` +
        "declare status: archived to keep it ended, declare a link under a new name for a new one, " +
        "or set on_terminal: recreate to replace it with a new link (a new URL)",
    });
  });

  it.each([["exhausted"], ["expired"]] as const)(
    "never replaces a %s link because its payment instance changed, and says the change is not applied",
    (status) => {
      expect(decideChange(facts({ status }), spec({ payment_instance_id: OTHER_INSTANCE }))).toEqual({
        action: "none",
        note: `the link is ${status}; accepted (set on_terminal: recreate to replace it); its changes to payment_instance_id are not applied, since an ended link cannot be edited`,
      });
    },
  );

  it("refuses an archived link moved to another payment instance rather than creating a draft only to archive it", () => {
    expect(decideChange(facts({ status: "archived" }), spec({ payment_instance_id: OTHER_INSTANCE })).action).toBe("refuse");
    expect(decideChange(facts({ status: "archived" }), spec({ payment_instance_id: OTHER_INSTANCE, status: "archived" }))).toEqual({ action: "none" });
  });

  it("refuses max_uses below the payments already taken, saying the lowest it may be", () => {
    expect(decideChange(facts({ paid_count: 12 }), spec({ max_uses: 10 }))).toEqual({
      action: "refuse",
      reason: "max_uses cannot go below the 12 payments the link has already taken: declare max_uses: 12 or more, or status: archived to stop it",
    });
    expect(decideChange(facts({ paid_count: 12 }), spec({ max_uses: 12 })).action).toBe("update");
  });

  it("refuses target_amount below the money already collected, saying the lowest it may be", () => {
    const capped = { usage_mode: "capped_amount", max_uses: null, target_amount: 5000 } as const;
    const live = facts({ usage_mode: "capped_amount", max_uses: null, target_amount: 5000, paid_count: 3, total_collected: "4500.00" });
    expect(decideChange(live, spec({ ...capped, target_amount: 4000 }))).toEqual({
      action: "refuse",
      reason: "target_amount cannot go below the 4500.00 already collected: declare target_amount: 4500.00 or more, or status: archived to stop it",
    });
    expect(decideChange(live, spec({ ...capped, target_amount: 4500 })).action).toBe("update");
  });

  it("replaces a link archived outside Pulumi when on_terminal is recreate", () => {
    const decision = decideChange(facts({ status: "archived" }), spec({ on_terminal: "recreate" }));
    expect(decision.action).toBe("replace");
    if (decision.action !== "replace") return;
    expect(decision.reason).toBe("the link is archived and on_terminal is recreate");
  });

  it("carries the changed fields into the replacement of a terminal link", () => {
    const decision = decideChange(facts({ status: "expired" }), spec({ title: "Spring voucher", on_terminal: "recreate" }));
    expect(decision).toMatchObject({ action: "replace", fields: ["title"] });
  });

  it.each([["exhausted"], ["expired"], ["archived"]] as const)("needs nothing when a %s link is declared archived, even with edits", (status) => {
    expect(decideChange(facts({ status, paid_count: 4 }), spec({ status: "archived", title: "Spring voucher" }))).toEqual({
      action: "none",
    });
  });

  it.each([["active"], ["paused"]] as const)("refuses to take a %s link back to draft", (status) => {
    const decision = decideChange(facts({ status }), spec({ status: "draft" }));
    expect(decision.action).toBe("refuse");
    if (decision.action !== "refuse") return;
    expect(decision.reason).toContain("cannot go back to draft");
  });
});
