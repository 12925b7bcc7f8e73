import { describe, expect, it } from "vitest";
import { planOf, statusAction } from "../../../src/cli/plan/link-changes.ts";
import type { Preview, PreviewStep, ProviderNote } from "../../../src/cli/plan/preview-types.ts";
import { urnOf } from "../../../src/link/urn.ts";

describe("what happens to a link", () => {
  it.each([
    [undefined, "update"],
    [{ from: "draft", to: "active" }, "publish"],
    [{ from: "draft", to: "paused" }, "publish"],
    [{ from: "active", to: "paused" }, "pause"],
    [{ from: "paused", to: "active" }, "resume"],
    [{ from: "active", to: "archived" }, "archive"],
    [{ from: "paused", to: "archived" }, "archive"],
    [{ from: "expired", to: "active" }, "update"],
  ] as const)("a status move %j is %s", (status, action) => {
    expect(statusAction(status)).toBe(action);
  });
});

describe("the provider's notes in a plan", () => {
  const TYPE = "pulumi-nodejs:dynamic/mytpe:PaymentLink";
  const urn = (name: string) => urnOf("production", "shop", TYPE, name);
  const step = (name: string): PreviewStep => ({
    op: "replace",
    urn: urn(name),
    type: TYPE,
    old: { outputs: { title: "Same title", amount: "1000.00", currency: "DZD", status: "active", url: `https://pay.example/${name}` } },
    new: { inputs: { title: "Same title", amount: "1500.00", currency: "DZD", status: "active" } },
    diffReasons: ["amount"],
    replaceReasons: ["amount"],
  });
  const preview = (notes: ProviderNote[], diagnostics: Preview["diagnostics"] = []): Preview => ({
    steps: [step("first"), step("second")],
    diagnostics,
    providerNotes: notes,
    policyViolations: [],
    failed: false,
    unlistedSames: 0,
  });

  it("takes a replacement's reason from the note on its URN, though two links share a title", () => {
    const plan = planOf(
      preview([{ urn: urn("second"), kind: "replace", reason: "amount cannot change once the link has been paid (paid 2 times)", message: "said" }]),
    );
    const reasons = Object.fromEntries(plan.links.map((link) => [link.name, link.replaceReason]));
    expect(reasons).toEqual({
      first: "amount cannot change in place on this link (paid, or ended)",
      second: "amount cannot change once the link has been paid (paid 2 times)",
    });
  });

  it("shows a sentence the engine attributes to a link under that link only, and not twice with its reason", () => {
    const plan = planOf(
      preview(
        [{ urn: urn("first"), kind: "replace", reason: "paid", message: "first will be REPLACED" }],
        [
          { severity: "warning", message: "first will be REPLACED", urn: urn("first") },
          { severity: "info", message: "something else about first", urn: urn("first") },
          { severity: "warning", message: "about the stack" },
        ],
      ),
    );
    const notes = Object.fromEntries(plan.links.map((link) => [link.name, link.notes]));
    expect(notes).toEqual({ first: ["something else about first"], second: [] });
    expect(plan.notes).toEqual([{ severity: "warning", message: "about the stack" }]);
  });
});

describe("a link of the plugin's type in a plan", () => {
  it("reads its camelCase state and inputs by the fields' wire names", () => {
    const step: PreviewStep = {
      op: "update",
      urn: urnOf("production", "shop", "mytpe:index:PaymentLink", "voucher"),
      type: "mytpe:index:PaymentLink",
      old: { outputs: { title: "Voucher", amountMode: "fixed", usageMode: "limited", maxUses: 5, status: "active", url: "https://pay.example/voucher" } },
      new: { inputs: { title: "Voucher", amountMode: "fixed", usageMode: "limited", maxUses: 8, status: "active" } },
      diffReasons: ["maxUses"],
      replaceReasons: [],
    };
    const plan = planOf({ steps: [step], diagnostics: [], providerNotes: [], policyViolations: [], failed: false, unlistedSames: 0 });
    expect(plan.links.map((link) => [link.action, link.fields.map((field) => [field.field, field.from, field.to])])).toEqual([
      ["update", [["max_uses", 5, 8]]],
    ]);
  });
});
