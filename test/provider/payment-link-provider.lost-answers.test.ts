// The provider's methods against the sandbox on a random port, in process, when answers are lost,
// a run crashed or was killed, or the API is busy: it converges without a second link.
import { describe, expect, it } from "vitest";
import { createTransport } from "../../src/provider/api-transport.ts";
import { MARKER_KEY } from "../../src/provider/link-marker.ts";
import { PaymentLinkProvider } from "../../src/provider/payment-link-provider.ts";
import { ENTRIES, MARK, markOf, providerTests, upDiff } from "./provider-in-process.ts";

describe.each(ENTRIES)("the PaymentLink provider against the sandbox, through the %s entry", (entry) => {
  const t = providerTests(entry);

  it("does not create a second link when the answer to the create is lost", async () => {
    let lost = false;
    t.fault = async (req, next) => {
      const outcome = await next(req);
      if (!lost && req.method === "POST" && req.path.endsWith("/links")) {
        lost = true;
        return { kind: "drop" };
      }
      return outcome;
    };
    const { id } = await t.host.create(await t.checked());

    expect(t.sandbox.links()).toHaveLength(1);
    expect(t.sandbox.links()[0]).toMatchObject({ id, status: "active" });
    expect(t.writes().filter((route) => route === "POST /links")).toHaveLength(1);
  });

  it("continues a link it created before a crash instead of creating another", async () => {
    // A run killed after the create: the draft exists, carries the mark, and is not in state.
    const orphan = await fetch(`${t.sandbox.url}/links`, {
      method: "POST",
      headers: { "x-api-key": t.sandbox.apiKey, "x-api-secret": t.sandbox.apiSecret, "content-type": "application/json" },
      body: JSON.stringify({ ...t.inputs(), marker: undefined, owner: undefined, saved_links: undefined, metadata: { [MARKER_KEY]: markOf(1) } }),
    }).then((response) => response.json() as Promise<{ data: { id: string } }>);
    t.sandbox.resetRequests();
    const { id } = await t.host.create(await t.checked());

    expect(id).toBe(orphan.data.id);
    expect(t.sandbox.links()).toHaveLength(1);
    expect(t.sandbox.links()[0]?.status).toBe("active");
    expect(t.writes()).toEqual(["POST /links/{id}/publish"]);
  });

  it("never takes the paid link it is replacing for its own: a replacement creates a new link", async () => {
    const first = await t.host.create(await t.checked());
    await fetch(`${t.sandbox.url}/sandbox/links/${first.id}/pay`, {
      method: "POST",
      headers: { "x-api-key": t.sandbox.apiKey, "x-api-secret": t.sandbox.apiSecret, "content-type": "application/json" },
      body: "{}",
    });
    const news = await t.checked({ amount: 1500 });
    t.host = await t.nextRun();
    expect(await upDiff(t.host, first.id, first.outs, news)).toMatchObject({ changes: true, replaces: ["amount"] });
    expect(t.notes.join("\n")).toContain("will be REPLACED: amount cannot change once the link has been paid (paid 1 time)");

    const second = await t.host.create(news);
    expect(second.id).not.toBe(first.id);
    await t.host.delete(first.id, first.outs);
    expect(t.sandbox.links().map((link) => [link.amount, link.status])).toEqual(
      expect.arrayContaining([
        ["1000.00", "archived"],
        ["1500.00", "active"],
      ]),
    );
  });

  it("treats a repeated publish whose first answer was lost as done", async () => {
    let lost = false;
    t.fault = async (req, next) => {
      const outcome = await next(req);
      if (!lost && req.path.endsWith("/publish")) {
        lost = true;
        return { kind: "drop" };
      }
      return outcome;
    };
    const { outs } = await t.host.create(await t.checked());

    expect(outs.status).toBe("active");
    expect(t.writes()).toEqual(["POST /links", "POST /links/{id}/publish", "POST /links/{id}/publish"]);
  });

  it("rides out 503s and a 429 with Retry-After on reads", async () => {
    const { id, outs } = await t.host.create(await t.checked());
    let calls = 0;
    t.fault = async (req, next) => {
      if (req.method !== "GET") return next(req);
      calls++;
      if (calls <= 2)
        return { kind: "response", status: 503, headers: { "content-type": "application/json" }, body: '{"error":"SERVICE_UNAVAILABLE","message":"down"}' };
      if (calls === 3)
        return {
          kind: "response",
          status: 429,
          headers: { "retry-after": "1", "content-type": "application/json" },
          body: '{"error":"TOO_MANY_REQUESTS","message":"Too many requests."}',
        };
      return next(req);
    };
    const read = await (await t.nextRun()).read(id, outs);

    expect(read.id).toBe(id);
    // The read alone: two 503s, a 429, then the answer. Nothing about the link suggests a
    // replacement left half done, so a lone read lists nothing (#30).
    expect(calls).toBe(4);
  });

  it("records the live link, writing nothing, when a killed run changed it and state never knew", async () => {
    const { id, outs } = await t.host.create(await t.checked());
    // The killed run paused it at the API; state still says active.
    await fetch(`${t.sandbox.url}/links/${id}/pause`, {
      method: "POST",
      headers: { "x-api-key": t.sandbox.apiKey, "x-api-secret": t.sandbox.apiSecret },
    });
    const news = await t.checked({ status: "paused" });
    t.sandbox.resetRequests();
    t.host = await t.nextRun();
    expect(await upDiff(t.host, id, outs, news)).toEqual({ changes: true });
    const updated = await t.host.update(id, outs, news);

    expect(updated.outs.status).toBe("paused");
    expect(t.writes()).toEqual([]);
    expect(t.notes.join("\n")).toContain("state was out of date; recording the live link (no API write)");
  });

  it("lists an instance once for batched reads, and once more before its first create to confirm no mark is missing", async () => {
    const made = await Promise.all(["a", "b", "c"].map(async (name) => t.host.create(await t.checked({ marker: `${MARK}-${name}` }))));
    const fresh = new PaymentLinkProvider(
      { get: (key) => ({ "mytpe:apiUrl": t.sandbox.url, "mytpe:apiKey": t.sandbox.apiKey, "mytpe:apiSecret": t.sandbox.apiSecret })[key] },
      { notes: () => {}, transport: await createTransport({ minBackoffMs: 5 }) },
    );
    t.sandbox.resetRequests();
    const news = await t.checked({ title: "Renamed" });
    await Promise.all(made.map(({ id, outs }) => upDiff(fresh, id, outs, news)));
    expect(t.sandbox.requests.filter((request) => request.route === "GET /links")).toHaveLength(1);
    await fresh.create(await t.checked({ marker: `${MARK}-d` }));
    await fresh.create(await t.checked({ marker: `${MARK}-e` }));

    expect(t.sandbox.requests.filter((request) => request.route === "GET /links")).toHaveLength(2);
  });
});
