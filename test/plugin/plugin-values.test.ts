import { describe, expect, it } from "vitest";
import { concealed, dynamicUrnOf, markFor, revealed, secret, withoutStoredProvider } from "../../src/plugin/plugin-values.ts";

const URN = "urn:pulumi:dev::shop::mytpe:index:PaymentLink::voucher";
const DYNAMIC_URN = "urn:pulumi:dev::shop::pulumi-nodejs:dynamic/mytpe:PaymentLink::voucher";

describe("the plugin's request values", () => {
  it.each([
    ["a link without a parent", URN, DYNAMIC_URN],
    [
      "a link under a component",
      "urn:pulumi:dev::shop::my:Campaign$mytpe:index:PaymentLink::voucher",
      "urn:pulumi:dev::shop::my:Campaign$pulumi-nodejs:dynamic/mytpe:PaymentLink::voucher",
    ],
    ["another type, left as it is", "urn:pulumi:dev::shop::aws:s3:Bucket::b", "urn:pulumi:dev::shop::aws:s3:Bucket::b"],
  ])("finds the dynamic type's URN of %s", (_case, urn, dynamic) => {
    expect(dynamicUrnOf(urn)).toBe(dynamic);
  });

  it.each([
    ["a new link", {}, URN],
    ["a link the plugin created", { marker: URN }, URN],
    ["a link moved from the dynamic type (kept: no live change)", { marker: DYNAMIC_URN }, DYNAMIC_URN],
    ["a pre-1.0 mark (moved to the URN, as the dynamic provider does)", { marker: "shop/dev/voucher" }, URN],
    ["another resource's mark", { marker: "urn:pulumi:dev::shop::pulumi-nodejs:dynamic/mytpe:PaymentLink::other" }, URN],
  ])("marks %s", (_case, olds, mark) => {
    expect(markFor(URN, olds)).toBe(mark);
  });

  it("unwraps secrets for the provider and wraps the same keys again in its answer", () => {
    const given = { title: "Voucher", metadata: { code: secret("S3CRET") }, description: secret("private") };
    const { plain, secretKeys } = revealed(given);
    expect(plain).toEqual({ title: "Voucher", metadata: { code: "S3CRET" }, description: "private" });
    expect([...secretKeys].sort()).toEqual(["description", "metadata"]);
    const answer: Record<string, unknown> = concealed({ ...plain, slug: "abc" }, secretKeys);
    expect(answer["metadata"]).toEqual(secret({ code: "S3CRET" }));
    expect(answer["description"]).toEqual(secret("private"));
    expect(answer["title"]).toBe("Voucher");
  });

  it("drops the dynamic provider's stored text from moved state", () => {
    expect(withoutStoredProvider({ __provider: "exports.handler=...", title: "Voucher" })).toEqual({ title: "Voucher" });
  });
});
