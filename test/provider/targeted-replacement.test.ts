// A targeted replacement (`up --replace`, `--target-replace`, `state taint`): the engine calls no
// diff and checks without the old state, so the create cannot tell the link being replaced from
// one a killed run left, except by the stack's saved state. In process, against the sandbox, with
// the saved state given as the test says.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTransport } from "../../src/provider/api-transport.ts";
import { MARKER_KEY } from "../../src/provider/link-marker.ts";
import { PaymentLinkProvider } from "../../src/provider/payment-link-provider.ts";
import { PAYMENT_LINK_TYPE } from "../../src/provider/protocol.ts";
import type { SavedState } from "../../src/provider/saved-state.ts";
import { startSandbox, type Sandbox } from "../../src/sandbox/server.ts";

const URN = `urn:pulumi:test::campaign::${PAYMENT_LINK_TYPE}::voucher`;

describe("a targeted replacement in process", () => {
  let sandbox: Sandbox;
  const notes: string[] = [];
  const provider = async (savedState: SavedState) =>
    new PaymentLinkProvider(
      { get: (key) => new Map([["mytpe:apiUrl", sandbox.url], ["mytpe:apiKey", sandbox.apiKey], ["mytpe:apiSecret", sandbox.apiSecret]]).get(key) },
      { notes: (note) => notes.push(note.message), transport: await createTransport({ minBackoffMs: 5, maxBackoffMs: 20 }), savedState },
    );
  const checked = async (host: PaymentLinkProvider) =>
    (await host.check({}, { payment_instance_id: sandbox.instances.ready, title: "Voucher", amount_mode: "fixed", amount: 1000, usage_mode: "reusable", marker: URN })).inputs;
  const statuses = () => sandbox.links().map((link) => [link.status, link.metadata?.[MARKER_KEY]]);

  beforeEach(async () => {
    notes.length = 0;
    sandbox = await startSandbox({ port: 0, log: () => {} });
  });
  afterEach(async () => sandbox.close());

  it("makes a new link when the saved state holds the live one, then archives the old", async () => {
    const first = await (await provider(async () => null)).create(await checked(await provider(async () => null)));
    const host = await provider(async (urn) => (urn === URN ? first.id : null));
    const second = await host.create(await checked(host));
    await host.delete(first.id, first.outs);

    expect(second.id).not.toBe(first.id);
    expect(statuses()).toEqual([
      ["archived", URN],
      ["active", `${URN}#2`],
    ]);
  });

  it("with the saved state unreadable, takes the live link and keeps it, flagged; the next refresh and up finish the replacement", async () => {
    const first = await (await provider(async () => null)).create(await checked(await provider(async () => null)));
    const blind = await provider(async () => undefined);
    const taken = await blind.create(await checked(blind));
    await blind.delete(first.id, first.outs);

    expect(taken.id).toBe(first.id);
    expect(statuses()).toEqual([["active", `${URN}#1!replaced`]]);
    expect(notes.join("\n")).toContain("was kept, not archived");

    const next = await provider(async () => null);
    const read = await next.read(first.id, taken.outs);
    expect(read.props["replacement_owed"]).toBe(true);
    expect(await next.diff(first.id, read.props, await checked(next))).toMatchObject({ changes: true, replaces: ["status"] });
    const made = await next.create(await checked(next));
    await next.delete(first.id, read.props);
    expect(made.id).not.toBe(first.id);
    expect(statuses()).toEqual([
      ["archived", `${URN}#1!replaced`],
      ["active", `${URN}#2`],
    ]);
  });

  it("replaces an adopted link again and again, each time with a new link, never taking the adopted one back", async () => {
    const made = await fetch(`${sandbox.url}/links`, {
      method: "POST",
      headers: { "x-api-key": sandbox.apiKey, "x-api-secret": sandbox.apiSecret, "content-type": "application/json" },
      body: JSON.stringify({ payment_instance_id: sandbox.instances.ready, title: "Voucher", amount_mode: "fixed", amount: 1000, usage_mode: "reusable" }),
    });
    const adopted = String(((await made.json()) as { data: { id: string } }).data.id);
    const adopting = async (host: PaymentLinkProvider) => {
      const { inputs, failures } = await host.check({}, { payment_instance_id: sandbox.instances.ready, title: "Voucher", amount_mode: "fixed", amount: 1000, usage_mode: "reusable", adopt: adopted, marker: URN });
      expect(failures).toEqual([]);
      return inputs;
    };
    const first = await (await provider(async () => null)).create(await adopting(await provider(async () => null)));
    expect(first.id).toBe(adopted);

    let held = first;
    for (const generation of [2, 3]) {
      const host = await provider(async (urn) => (urn === URN ? held.id : null));
      const next = await host.create(await adopting(host));
      await host.delete(held.id, held.outs);
      expect(next.id).not.toBe(held.id);
      expect(sandbox.links().find((link) => link.id === next.id)?.metadata?.[MARKER_KEY]).toBe(`${URN}#${generation}`);
      held = next;
    }
    expect(sandbox.links().map((link) => link.status)).toEqual(["archived", "archived", "active"]);
  });
});
