// The look for a link whose create answer was lost reads a complete listing, not the newest page:
// with more than 100 links created in the same second and ties in a new order on each request (the
// real API's whole-second created_at), the link just made may be on any page.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Layer } from "../../src/sandbox/pipeline.ts";
import { startSandbox, type Sandbox } from "../../src/sandbox/server.ts";
import { providerFor, voucherInputs } from "./provider-in-process.ts";

describe("recovery of a lost create among links tied at the same second", () => {
  let sandbox: Sandbox;
  let loseNextCreate = false;
  const lose: Layer = async (req, next) => {
    if (!(loseNextCreate && req.method === "POST" && req.path.endsWith("/links"))) return next(req);
    loseNextCreate = false;
    await next(req);
    return { kind: "drop" };
  };
  const at = new Date("2026-05-01T08:00:00.000Z");
  beforeEach(async () => {
    sandbox = await startSandbox({ port: 0, log: () => {}, now: () => at, layers: [lose] });
  });
  afterEach(async () => sandbox.close());

  it("finds the link each lost create made, and makes no second one", async () => {
    for (let i = 0; i < 250; i++) {
      await fetch(`${sandbox.url}/links`, {
        method: "POST",
        headers: { "x-api-key": sandbox.apiKey, "x-api-secret": sandbox.apiSecret, "content-type": "application/json" },
        body: JSON.stringify({ payment_instance_id: sandbox.instances.ready, title: `Tie ${i}`, amount_mode: "open", usage_mode: "reusable" }),
      });
    }
    sandbox.setFaults({ shuffle_ties: true, seed: 11 });
    const provider = await providerFor(sandbox, []);
    const made: string[] = [];
    for (const name of ["a", "b", "c"]) {
      const { inputs } = await provider.check(
        {},
        voucherInputs(sandbox, { title: `Voucher ${name}`, marker: `urn:pulumi:test::mytpe-links::pulumi-nodejs:dynamic/mytpe:PaymentLink::${name}` }),
      );
      loseNextCreate = true;
      made.push((await provider.create(inputs)).id);
    }

    const vouchers = sandbox.links().filter((link) => link.title.startsWith("Voucher"));
    expect(vouchers.map((link) => link.id).sort()).toEqual([...made].sort());
    expect(sandbox.links()).toHaveLength(253);
  });
});
