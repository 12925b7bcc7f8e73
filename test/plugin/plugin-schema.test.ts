import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { LINK_SPEC_KEYS } from "../../src/link/link-spec.ts";
import { pluginName } from "../../src/plugin/plugin-names.ts";
import { pluginSchema } from "../../src/plugin/plugin-schema.ts";
import { PAYMENT_LINK_TYPE } from "../../src/provider/protocol.ts";
import { pluginJsonSchema, PLUGIN_SCHEMA_PATH } from "../../scripts/generate-schema.ts";

type Resource = {
  inputProperties: Record<string, Record<string, unknown>>;
  requiredInputs: string[];
  properties: Record<string, Record<string, unknown>>;
  aliases: unknown[];
};

describe("plugin/schema.json", () => {
  const schema = pluginSchema("1.2.3") as {
    version: string;
    config: { variables: Record<string, Record<string, unknown>> };
    provider: { inputProperties: Record<string, unknown> };
    types: Record<string, { enum: { name: string; value: string }[] }>;
    resources: Record<string, Resource>;
    language: Record<string, Record<string, unknown>>;
  };
  const link = schema.resources["mytpe:index:PaymentLink"] as Resource;

  it("is up to date with the link model (run `npm run schema` when this fails)", () => {
    expect(readFileSync(PLUGIN_SCHEMA_PATH, "utf8")).toBe(pluginJsonSchema());
  });

  it("declares every field a link may set in Pulumi's camelCase, required as the link schema requires them", () => {
    expect(Object.keys(link.inputProperties)).toEqual(LINK_SPEC_KEYS.map(pluginName));
    expect(link.requiredInputs).toEqual(["paymentInstanceId", "title", "amountMode", "usageMode"]);
    expect(Object.keys(link.properties)).toContain("paidCount");
    expect(link.inputProperties["title"]?.["description"]).toBe("Shown on the payment page; 1 to 255 characters.");
    expect(link.inputProperties["maxUses"]?.["description"]).toBe("How many payments the link accepts when usageMode is limited.");
  });

  it("gives each choice an enum with named constants, money a number in and the API's exact text out", () => {
    expect(schema.types["mytpe:index:UsageMode"]?.enum).toContainEqual({ name: "TimeWindow", value: "time_window" });
    expect(schema.types["mytpe:index:Currency"]?.enum).toEqual([{ name: "DZD", value: "DZD" }]);
    expect(link.inputProperties["amountMode"]).toMatchObject({ $ref: "#/types/mytpe:index:AmountMode" });
    expect(link.inputProperties["amount"]).toMatchObject({ type: "number" });
    expect(link.inputProperties["targetAmount"]).toMatchObject({ type: "number" });
    expect(link.properties["amount"]).toMatchObject({ type: "string" });
    expect(link.properties["targetAmount"]).toMatchObject({ type: "number" });
    expect(link.properties["url"]).toMatchObject({ type: "string" });
  });

  it("names each generated SDK's package: Node.js, Python, Go and .NET", () => {
    expect(Object.keys(schema.language).sort()).toEqual(["csharp", "go", "nodejs", "python"]);
    expect(schema.language["go"]?.["importBasePath"]).toMatch(/\/sdk\/go\/mytpe$/);
    expect(schema.language["python"]?.["packageName"]).toBe("pulumi_mytpe");
  });

  it("keeps the credentials secret in the provider's config, and moves links from the dynamic type", () => {
    expect(Object.keys(schema.config.variables)).toEqual(["apiUrl", "apiKey", "apiSecret", "payUrl", "onPricingChange", "onTerminal", "maxConcurrency"]);
    expect(schema.config.variables["apiKey"]?.["secret"]).toBe(true);
    expect(schema.config.variables["apiSecret"]?.["secret"]).toBe(true);
    expect(schema.provider.inputProperties).toEqual(schema.config.variables);
    expect(link.aliases).toEqual([{ type: PAYMENT_LINK_TYPE }]);
    expect(schema.version).toBe("1.2.3");
  });
});
