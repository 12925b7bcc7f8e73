import { describe, expect, it } from "vitest";
import { parsePreview } from "../../../src/cli/plan/preview-steps.ts";
import { NOTE_PREFIX } from "../../../src/provider/protocol.ts";
import { nameOfUrn, stackOfUrn } from "../../../src/link/urn.ts";
import { readFixture } from "./preview-fixtures.ts";

describe("reading a preview", () => {
  it("reads the streamed events: one step per link, a replacement's three parts merged", () => {
    const preview = parsePreview(readFixture("price-change-after-payment.jsonl"));
    const replaced = preview.steps.filter((step) => step.urn.endsWith("::price-paid"));
    expect(replaced).toHaveLength(1);
    expect(replaced[0]).toMatchObject({ op: "replace", replaceReasons: ["amount"] });
    expect(replaced[0]!.old?.outputs?.["amount"]).toBe("1000.00");
    expect(replaced[0]!.new?.inputs?.["amount"]).toBe("1500.00");
    expect(preview.diagnostics.map((d) => d.severity)).toEqual(["warning"]);
    expect(preview.failed).toBe(false);
  });

  it("reads the --json document the same way, counting the sames it does not list", () => {
    const document = parsePreview(readFixture("price-change-after-payment.json"));
    const stream = parsePreview(readFixture("price-change-after-payment.jsonl"));
    const facts = (preview: typeof document) =>
      preview.steps
        .filter((step) => step.op !== "same")
        .map((step) => ({ op: step.op, urn: step.urn, old: step.old?.outputs, new: step.new?.inputs, replaceReasons: step.replaceReasons }));
    expect(facts(document)).toEqual(facts(stream));
    expect(document.unlistedSames).toBe(5);
    expect(document.diagnostics).toEqual(stream.diagnostics);
  });

  it("refuses what is not a preview, saying why", () => {
    expect(() => parsePreview("")).toThrow("the preview output is empty");
    expect(() => parsePreview('{"foo": 1}')).toThrow("not a pulumi preview: a JSON object without `steps`");
    expect(() => parsePreview("Previewing update (dev)\nerror: boom")).toThrow("line 1 is not JSON");
  });

  it("reads a link's name and stack from its URN", () => {
    const urn = "urn:pulumi:production::mytpe-links::pulumi-nodejs:dynamic/mytpe:PaymentLink::voucher-10k";
    expect(nameOfUrn(urn)).toBe("voucher-10k");
    expect(stackOfUrn(urn)).toBe("production");
  });

  it("reads the provider's notes for machines from the stream's debug lines, and nothing else from them", () => {
    const urn = "urn:pulumi:test::shop::pulumi-nodejs:dynamic/mytpe:PaymentLink::voucher";
    const event = (severity: string, message: string) => JSON.stringify({ sequence: 1, diagnosticEvent: { message, severity, urn } });
    const stream = [
      event("debug", `${NOTE_PREFIX}${JSON.stringify({ urn, kind: "replace", reason: "amount cannot change", fields: ["amount"], paid_count: 2 })}`),
      event("debug", `${NOTE_PREFIX}not json`),
      event("debug", "Registering resource: t=pulumi:pulumi:Stack"),
      event("warning", "voucher will be REPLACED"),
    ].join("\n");
    const preview = parsePreview(stream);
    expect(preview.providerNotes).toEqual([{ urn, kind: "replace", reason: "amount cannot change", fields: ["amount"], paid_count: 2 }]);
    expect(preview.diagnostics).toEqual([{ severity: "warning", message: "voucher will be REPLACED", urn }]);
  });
});
