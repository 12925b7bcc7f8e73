// Another trader's keys: the API answers 404 for the links of this stack as for missing ones, so
// the provider never takes that 404 for "gone". Refresh and destroy fail, naming the keys (by their
// id's prefix, never the secret) and the API, and change nothing.
import { describe, expect, it } from "vitest";
import { createTransport } from "../../src/provider/api-transport.ts";
import { PaymentLinkProvider } from "../../src/provider/payment-link-provider.ts";
import { providerTests, upDiff } from "./provider-in-process.ts";

describe("the provider with another trader's keys", () => {
  const t = providerTests();

  const otherTraders = async () => {
    const config = new Map([
      ["mytpe:apiUrl", t.sandbox.url],
      ["mytpe:apiKey", t.sandbox.otherTrader.apiKey],
      ["mytpe:apiSecret", t.sandbox.otherTrader.apiSecret],
      ["mytpe:payUrl", t.sandbox.payUrl],
    ]);
    return new PaymentLinkProvider(
      { get: (key) => config.get(key) },
      { notes: () => {}, transport: await createTransport({ minBackoffMs: 5, maxBackoffMs: 50 }) },
    );
  };
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => new Error("no failure"),
      (error: unknown) => error as Error,
    );

  it("fails to read a link, naming the key, the trader it belongs to and the API, and never the secret", async () => {
    const { id, outs } = await t.host.create(await t.checked());
    const error = await failure((await otherTraders()).read(id, outs));
    expect(error.message).toContain(`the MyTPE API at ${t.sandbox.url} answers 404 for its payment instance ${t.sandbox.instances.ready}`);
    expect(error.message).toContain('to the API key mtk_live_9988… (trader "Other Sandbox Trader" <other.trader@example.dz>)');
    expect(error.message).toContain("nothing was changed");
    expect(error.message).not.toContain(t.sandbox.otherTrader.apiKey);
    expect(error.message).not.toContain(t.sandbox.otherTrader.apiSecret);
  });

  it("fails many reads of one refresh at once, none of them read as gone", async () => {
    const made = [];
    for (const title of ["One", "Two", "Three", "Four"]) made.push(await t.host.create(await t.checked({ title, marker: `mark-${title}` })));
    const other = await otherTraders();
    const reads = await Promise.allSettled(made.map(({ id, outs }) => other.read(id, outs)));
    expect(reads.map((read) => read.status)).toEqual(["rejected", "rejected", "rejected", "rejected"]);
  });

  it("fails to destroy a link and leaves it live", async () => {
    const { id, outs } = await t.host.create(await t.checked());
    const error = await failure((await otherTraders()).delete(id, outs));
    expect(error.message).toContain("These keys cannot see the instance");
    expect(t.sandbox.links().map((link) => link.status)).toEqual(["active"]);
  });

  it("fails a preview of a change rather than planning on a link it cannot see", async () => {
    const { id, outs } = await t.host.create(await t.checked());
    const news = await t.checked({ title: "Renamed" });
    const error = await failure(upDiff(await otherTraders(), id, outs, news));
    expect(error.message).toContain("These keys cannot see the instance");
  });
});
