// The plugin's adapter in process against the sandbox: the same provider as the dynamic entry,
// reached through the plugin's requests (camelCase names, URN beside the inputs, secrets wrapped,
// config from PULUMI_CONFIG or an explicit provider).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PaymentLinkPlugin } from "../../src/plugin/payment-link-plugin.ts";
import { pluginProps } from "../../src/plugin/plugin-names.ts";
import { secret } from "../../src/plugin/plugin-values.ts";
import { MARKER_KEY } from "../../src/provider/link-marker.ts";
import { PAYMENT_LINK_PROVIDER } from "../../src/provider/protocol.ts";
import { startSandbox, type Sandbox } from "../../src/sandbox/server.ts";
import { voucherInputs } from "../provider/provider-in-process.ts";

const URN = "urn:pulumi:dev::shop::mytpe:index:PaymentLink::voucher";
const DYNAMIC_URN = "urn:pulumi:dev::shop::pulumi-nodejs:dynamic/mytpe:PaymentLink::voucher";

describe("the PaymentLink plugin against the sandbox", () => {
  let sandbox: Sandbox;
  let notes: string[];
  const pluginWith = (stack: Record<string, string>) =>
    new PaymentLinkPlugin({
      version: "1.0.0",
      schema: "{}",
      notes: (note) => notes.push(`${note.severity}: ${note.message}`),
      env: { PULUMI_CONFIG: JSON.stringify(stack) },
    });
  const stackConfig = () => ({ apiUrl: sandbox.url, apiKey: sandbox.apiKey, apiSecret: sandbox.apiSecret, payUrl: sandbox.payUrl });
  const declared = (extra: Record<string, unknown> = {}) => {
    const { marker: _marker, ...inputs } = voucherInputs(sandbox);
    return { ...pluginProps(inputs), ...extra };
  };

  beforeEach(async () => {
    sandbox = await startSandbox({ port: 0, log: () => {} });
    notes = [];
  });
  afterEach(async () => sandbox.close());

  it("creates a link marked with the resource's URN, its secret inputs kept secret in state", async () => {
    const plugin = pluginWith(stackConfig());
    const checked = await plugin.check(URN, {}, { ...declared(), description: secret("staff only") });
    expect(checked.failures).toEqual([]);
    expect(checked.inputs).toMatchObject({ marker: URN, description: secret("staff only") });

    const { id, outs } = await plugin.create(URN, checked.inputs);
    expect(sandbox.links()[0]).toMatchObject({ id, description: "staff only", metadata: { [MARKER_KEY]: URN } });
    expect(outs).toMatchObject({ marker: URN, status: "active", description: secret("staff only") });
  });

  it("answers in the schema's camelCase names, and reads state written with the API's wire names", async () => {
    const plugin = pluginWith(stackConfig());
    const checked = await plugin.check(URN, {}, declared({ usageMode: "limited", maxUses: 5 }));
    expect(checked.inputs).toMatchObject({ paymentInstanceId: sandbox.instances.ready, amountMode: "fixed", usageMode: "limited", maxUses: 5 });
    expect(Object.keys(checked.inputs ?? {}).filter((key) => key.includes("_"))).toEqual([]);
    const { id, outs } = await plugin.create(URN, checked.inputs);
    expect(outs).toMatchObject({ paidCount: 0, totalCollected: expect.any(String), declaredStatus: "active", maxUses: 5 });
    expect(Object.keys(outs ?? {}).filter((key) => key.includes("_"))).toEqual([]);

    // State as main's plugin (d8ac2c6) wrote it: every key a wire name.
    const wireState = Object.fromEntries(
      Object.entries(outs ?? {}).map(([key, value]) => [key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`), value]),
    );
    const before = sandbox.requests.length;
    const again = await plugin.check(URN, wireState, declared({ usageMode: "limited", maxUses: 5 }));
    expect(await plugin.diff(id, URN, wireState, again.inputs ?? {})).toEqual({ changes: false });
    expect(sandbox.requests.slice(before)).toEqual([]);
  });

  it("names the user's own properties in its failures and messages", async () => {
    const plugin = pluginWith(stackConfig());
    const checked = await plugin.check(URN, {}, declared({ usageMode: "limited" }));
    expect(checked.failures).toEqual([{ property: "maxUses", reason: "required when usageMode is limited" }]);
    const unknown = await plugin.check(URN, {}, declared({ maxUsez: 3 }));
    expect(unknown.failures).toEqual([{ property: "maxUsez", reason: "unknown field: did you mean maxUses?" }]);
  });

  it("says the provider's refusal and check messages, as the dynamic entry does", async () => {
    const plugin = pluginWith(stackConfig());
    const checked = await plugin.check(URN, {}, declared({ amount: -5 }));
    expect(checked.failures).toEqual([{ property: "amount", reason: "expected an amount greater than 0, got -5" }]);
  });

  it("leaves a link moved from the dynamic type unchanged: same mark, no change, no API write", async () => {
    const plugin = pluginWith(stackConfig());
    const made = await plugin.create(DYNAMIC_URN, (await plugin.check(DYNAMIC_URN, {}, declared())).inputs);
    // State as the dynamic PaymentLink wrote it: its URN as the mark, the stored provider text.
    const olds = { ...made.outs, marker: DYNAMIC_URN, __provider: PAYMENT_LINK_PROVIDER };
    const before = sandbox.requests.length;

    const checked = await plugin.check(URN, olds, declared());
    expect(checked.inputs).toMatchObject({ marker: DYNAMIC_URN });
    expect(await plugin.diff(made.id, URN, olds, checked.inputs)).toEqual({ changes: false });
    expect(sandbox.requests.slice(before).filter((request) => request.method !== "GET")).toEqual([]);
    expect(notes).toEqual([]);
  });

  it("uses an explicit provider's own credentials over the stack's", async () => {
    const plugin = pluginWith({ ...stackConfig(), apiSecret: "mts_live_wrong0000000000000000000000000" });
    plugin.configure({ apiSecret: sandbox.apiSecret });
    const { id } = await plugin.create(URN, (await plugin.check(URN, {}, declared())).inputs);
    expect(sandbox.links().map((link) => link.id)).toEqual([id]);
  });

  it("keeps the provider resource's URN and ID it was configured for", () => {
    const plugin = pluginWith(stackConfig());
    plugin.configure({}, { urn: "urn:pulumi:dev::shop::pulumi:providers:mytpe::default", id: "6c1d" });
    expect([plugin.providerUrn, plugin.providerId]).toEqual(["urn:pulumi:dev::shop::pulumi:providers:mytpe::default", "6c1d"]);
  });

  it("fails without credentials, saying how to set them and naming none", async () => {
    const plugin = pluginWith({ apiUrl: sandbox.url });
    const error = (await plugin.create(URN, { ...declared(), marker: URN }).catch((caught: unknown) => caught)) as Error;
    expect(error.message).toContain("MyTPE credentials are missing (mytpe:apiKey and mytpe:apiSecret)");
    const failed = (await plugin
      .delete("5f0e4c1a-0000-4000-8000-000000000000", URN, { ...declared(), marker: URN, title: "Voucher" })
      .catch((caught: unknown) => caught)) as Error;
    expect(failed.message).toContain("MyTPE credentials are missing");
  });
});
