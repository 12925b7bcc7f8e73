import { describe, expect, it } from "vitest";
import { inPluginWords, pluginName, pluginProps, wireName, wireProps } from "../../src/plugin/plugin-names.ts";

describe("the plugin's names and the API's", () => {
  it.each([
    ["payment_instance_id", "paymentInstanceId"],
    ["max_uses", "maxUses"],
    ["paid_count", "paidCount"],
    ["title", "title"],
    ["__provider", "__provider"],
  ])("names the wire name %s %s in the plugin, and back", (wire, plugin) => {
    expect(pluginName(wire)).toBe(plugin);
    expect(wireName(plugin)).toBe(wire);
  });

  it("reads a wire name given where a plugin name is expected as itself (state written before the names changed)", () => {
    expect(wireName("max_uses")).toBe("max_uses");
    expect(wireProps({ max_uses: 3, maxUses: 3, title: "T" })).toEqual({ max_uses: 3, title: "T" });
  });

  it("maps only the top-level keys: metadata keys and payers are the user's data", () => {
    const props = { metadata: { campaign_code: "x", _pulumi_link: "urn" }, allowedPayers: ["a_b@example.com"] };
    expect(wireProps(props)).toEqual({ metadata: { campaign_code: "x", _pulumi_link: "urn" }, allowed_payers: ["a_b@example.com"] });
    expect(pluginProps(wireProps(props))).toEqual(props);
  });

  it.each([
    ["required when usage_mode is limited", "required when usageMode is limited"],
    [
      "not allowed when usage_mode is time_window (it belongs to usage_mode limited)",
      "not allowed when usageMode is time_window (it belongs to usageMode limited)",
    ],
    ["use min_amount / max_amount", "use minAmount / maxAmount"],
    ["unknown field: did you mean max_uses?", "unknown field: did you mean maxUses?"],
    ["paid_count is 3", "paidCount is 3"],
    ["a word_like_this that is no field", "a word_like_this that is no field"],
  ])("says %j in the plugin's words", (message, said) => {
    expect(inPluginWords(message)).toBe(said);
  });
});
