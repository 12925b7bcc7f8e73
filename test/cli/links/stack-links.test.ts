import { describe, expect, it } from "vitest";
import { instancesOf, stackLinksOf } from "../../../src/cli/links/stack-links.ts";
import { PAYMENT_LINK_TYPE, PLUGIN_LINK_TYPE } from "../../../src/provider/protocol.ts";

const resource = (name: string, extra: Record<string, unknown> = {}) => ({
  urn: `urn:pulumi:local::mytpe-links::${PAYMENT_LINK_TYPE}::${name}`,
  type: PAYMENT_LINK_TYPE,
  id: `id-${name}`,
  outputs: { status: "active", url: `https://pay.mytpe.appp/${name}`, payment_instance_id: "AAAA" },
  ...extra,
});

describe("the stack's links from `pulumi stack export`", () => {
  it("lists each PaymentLink by its URN's name, sorted, with its id and outputs", () => {
    const exported = {
      deployment: {
        resources: [
          { urn: "urn:pulumi:local::mytpe-links::pulumi:pulumi:Stack::mytpe-links-local", type: "pulumi:pulumi:Stack" },
          resource("voucher"),
          resource("donation"),
        ],
      },
    };
    expect(stackLinksOf(exported)).toEqual([
      {
        name: "donation",
        urn: "urn:pulumi:local::mytpe-links::pulumi-nodejs:dynamic/mytpe:PaymentLink::donation",
        id: "id-donation",
        state: { status: "active", url: "https://pay.mytpe.appp/donation", payment_instance_id: "AAAA" },
        protect: false,
      },
      {
        name: "voucher",
        urn: "urn:pulumi:local::mytpe-links::pulumi-nodejs:dynamic/mytpe:PaymentLink::voucher",
        id: "id-voucher",
        state: { status: "active", url: "https://pay.mytpe.appp/voucher", payment_instance_id: "AAAA" },
        protect: false,
      },
    ]);
  });

  it("reads a link of the plugin's type, its outputs in camelCase, by the same wire names", () => {
    const plugin = {
      urn: `urn:pulumi:local::shop::${PLUGIN_LINK_TYPE}::voucher`,
      type: PLUGIN_LINK_TYPE,
      id: "id-voucher",
      outputs: { status: "active", paidCount: 2, totalCollected: "20.00", paymentInstanceId: "AAAA", metadata: { campaign_code: "x" } },
    };
    expect(stackLinksOf({ deployment: { resources: [plugin] } })[0]?.state).toEqual({
      status: "active",
      paid_count: 2,
      total_collected: "20.00",
      payment_instance_id: "AAAA",
      metadata: { campaign_code: "x" },
    });
  });

  it("leaves out the old half of a replacement, pending deletion, and resources without an id", () => {
    const exported = { deployment: { resources: [resource("a"), resource("a", { delete: true, id: "old" }), resource("b", { id: "" })] } };
    expect(stackLinksOf(exported).map((link) => link.id)).toEqual(["id-a"]);
  });

  it("reads a stack that has never been updated as having no links", () => {
    expect(stackLinksOf({ version: 3, deployment: { manifest: {} } })).toEqual([]);
    expect(stackLinksOf({})).toEqual([]);
  });

  it("names each payment instance once, in lower case", () => {
    const links = stackLinksOf({
      deployment: {
        resources: [resource("a"), resource("b", { outputs: { payment_instance_id: "aaaa" } }), resource("c", { outputs: { payment_instance_id: "bbbb" } })],
      },
    });
    expect(instancesOf(links)).toEqual(["aaaa", "bbbb"]);
  });
});
