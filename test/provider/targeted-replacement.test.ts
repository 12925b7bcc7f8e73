// A targeted replacement (`up --replace`, `--target-replace`, `state taint`): the engine calls no
// diff and checks without the old state, so the create cannot tell the link being replaced from
// one a killed run left, except by what the program read of the stack's saved state (the slugs it
// holds, `saved_links`). In process, against the sandbox, the saved state given as the test says.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTransport } from "../../src/provider/api-transport.ts";
import { MARKER_KEY } from "../../src/provider/link-marker.ts";
import { PaymentLinkProvider } from "../../src/provider/payment-link-provider.ts";
import { PAYMENT_LINK_TYPE } from "../../src/provider/protocol.ts";
import { startSandbox, type Sandbox } from "../../src/sandbox/server.ts";

const URN = `urn:pulumi:test::campaign::${PAYMENT_LINK_TYPE}::voucher`;
const OWNER = "7c0d9e8f-1a2b-4c3d-8e5f-6a7b8c9d0e1f";
const mark = (generation: number, flag = "") => `${URN}#${generation}${flag}@${OWNER}`;

describe("a targeted replacement in process", () => {
  let sandbox: Sandbox;
  const notes: string[] = [];
  const provider = async () =>
    new PaymentLinkProvider(
      {
        get: (key) =>
          new Map([
            ["mytpe:apiUrl", sandbox.url],
            ["mytpe:apiKey", sandbox.apiKey],
            ["mytpe:apiSecret", sandbox.apiSecret],
          ]).get(key),
      },
      { notes: (note) => notes.push(note.message), transport: await createTransport({ minBackoffMs: 5, maxBackoffMs: 20 }) },
    );
  /** The inputs as the program declares them; `saved`: the slugs the saved state holds (undefined: not said, as the plugin). */
  const declared = (saved: string[] | undefined, extra: Record<string, unknown> = {}) => ({
    payment_instance_id: sandbox.instances.ready,
    title: "Voucher",
    amount_mode: "fixed",
    amount: 1000,
    usage_mode: "reusable",
    marker: URN,
    owner: OWNER,
    ...(saved === undefined ? {} : { saved_links: saved }),
    ...extra,
  });
  const checked = async (host: PaymentLinkProvider, saved: string[] | undefined, extra: Record<string, unknown> = {}) => {
    const { inputs, failures } = await host.check({}, declared(saved, extra));
    expect(failures).toEqual([]);
    return inputs;
  };
  const statuses = () => sandbox.links().map((link) => [link.status, link.metadata?.[MARKER_KEY]]);

  beforeEach(async () => {
    notes.length = 0;
    sandbox = await startSandbox({ port: 0, log: () => {} });
  });
  afterEach(async () => sandbox.close());

  it("makes a new link when the saved state holds the live one, then archives the old", async () => {
    const starting = await provider();
    const first = await starting.create(await checked(starting, []));
    const host = await provider();
    const second = await host.create(await checked(host, [String(first.outs.slug)]));
    await host.delete(first.id, first.outs);

    expect(second.id).not.toBe(first.id);
    expect(statuses()).toEqual([
      ["archived", mark(1)],
      ["active", mark(2)],
    ]);
  });

  it("with the saved state not said (the plugin), takes the live link and keeps it, flagged; the next up finishes the replacement", async () => {
    const starting = await provider();
    const first = await starting.create(await checked(starting, []));
    const blind = await provider();
    const taken = await blind.create(await checked(blind, undefined));
    await blind.delete(first.id, first.outs);

    expect(taken.id).toBe(first.id);
    expect(statuses()).toEqual([["active", mark(1, "!owed")]]);
    expect(notes.join("\n")).toContain("was kept, not archived");

    // The next plain up: its diff sees the flag in the instance's listing and finishes the replacement.
    const next = await provider();
    const news = (await next.check(taken.outs, declared(undefined))).inputs;
    expect(await next.diff(first.id, taken.outs, news)).toMatchObject({ changes: true, replaces: ["status"] });
    const made = await next.create(await checked(next, undefined));
    await next.delete(first.id, taken.outs);
    expect(made.id).not.toBe(first.id);
    expect(statuses()).toEqual([
      ["archived", mark(1, "!owed")],
      ["active", mark(2)],
    ]);
  });

  it("replaces an adopted link again and again, each time with a new link, never taking the adopted one back", async () => {
    const made = await fetch(`${sandbox.url}/links`, {
      method: "POST",
      headers: { "x-api-key": sandbox.apiKey, "x-api-secret": sandbox.apiSecret, "content-type": "application/json" },
      body: JSON.stringify({ payment_instance_id: sandbox.instances.ready, title: "Voucher", amount_mode: "fixed", amount: 1000, usage_mode: "reusable" }),
    });
    const adopted = String(((await made.json()) as { data: { id: string } }).data.id);
    const starting = await provider();
    const first = await starting.create(await checked(starting, [], { adopt: adopted }));
    expect(first.id).toBe(adopted);

    let held = first;
    for (const generation of [2, 3]) {
      const host = await provider();
      const next = await host.create(await checked(host, [String(held.outs.slug)], { adopt: adopted }));
      await host.delete(held.id, held.outs);
      expect(next.id).not.toBe(held.id);
      expect(sandbox.links().find((link) => link.id === next.id)?.metadata?.[MARKER_KEY]).toBe(mark(generation));
      held = next;
    }
    expect(sandbox.links().map((link) => link.status)).toEqual(["archived", "archived", "active"]);
  });
});
