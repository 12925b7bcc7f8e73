import { describe, expect, it } from "vitest";
import { checkedProviderInputs, configReader, isDefaultProvider, providerValues, stackConfig } from "../../src/plugin/plugin-config.ts";
import { secret } from "../../src/plugin/plugin-values.ts";
import { resolveSettings } from "../../src/provider/provider-settings.ts";

describe("the plugin's config", () => {
  it("reads the stack's mytpe config from PULUMI_CONFIG, through the dynamic provider's settings reader", () => {
    const stack = stackConfig({ PULUMI_CONFIG: JSON.stringify({ apiKey: "key", apiSecret: "secret", apiUrl: "http://127.0.0.1:9" }) });
    const settings = resolveSettings(configReader({}, stack), {});
    expect(settings).toMatchObject({ apiKey: "key", apiSecret: "secret", apiUrl: "http://127.0.0.1:9" });
  });

  it("lets an explicit provider's own values win over the stack's, and reads only mytpe keys", () => {
    const reader = configReader(providerValues({ apiKey: secret("own-key"), maxConcurrency: 3, version: "1.0.0" }), { apiKey: "stack-key", apiSecret: "s" });
    expect(reader.get("mytpe:apiKey")).toBe("own-key");
    expect(reader.get("mytpe:apiSecret")).toBe("s");
    expect(reader.get("mytpe:maxConcurrency")).toBe("3");
    expect(reader.get("mytpe:version")).toBeUndefined();
    expect(reader.get("aws:apiKey")).toBeUndefined();
  });

  it.each([
    ["", {}],
    ["not json", {}],
    ['{"apiKey":"k","maxConcurrency":4}', { apiKey: "k" }],
  ])("reads PULUMI_CONFIG %j as %j", (text, expected) => {
    expect(stackConfig(text === "" ? {} : { PULUMI_CONFIG: text })).toEqual(expected);
  });

  it.each([
    ["urn:pulumi:dev::shop::pulumi:providers:mytpe::default", true],
    ["urn:pulumi:dev::shop::pulumi:providers:mytpe::default_1_0_0", true],
    ["urn:pulumi:dev::shop::pulumi:providers:mytpe::eu-account", false],
  ])("tells whether %s is the default provider", (urn, expected) => {
    expect(isDefaultProvider(urn)).toBe(expected);
  });

  it("keeps no credentials of the default provider in state, and an explicit one's only as secrets", () => {
    const news = { apiKey: "k", apiSecret: "s", apiUrl: "https://api.example", version: "1.0.0" };
    expect(checkedProviderInputs("urn:pulumi:dev::shop::pulumi:providers:mytpe::default", news)).toEqual({ apiUrl: "https://api.example", version: "1.0.0" });
    expect(checkedProviderInputs("urn:pulumi:dev::shop::pulumi:providers:mytpe::eu", news)).toEqual({
      apiKey: secret("k"),
      apiSecret: secret("s"),
      apiUrl: "https://api.example",
      version: "1.0.0",
    });
  });
});
