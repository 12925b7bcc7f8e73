// The provider's methods against the sandbox on a random port, in process, when answers are lost,
// a run crashed or was killed, or the API is busy: it converges without a second link.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTransport } from "../../src/provider/api-transport.ts";
import { MARKER_KEY } from "../../src/provider/link-marker.ts";
import { PaymentLinkProvider } from "../../src/provider/payment-link-provider.ts";
import type { Layer } from "../../src/sandbox/pipeline.ts";
import { startSandbox, type Sandbox } from "../../src/sandbox/server.ts";
import { MARK, providerFor, voucherInputs } from "./provider-in-process.ts";

describe("the PaymentLink provider against the sandbox", () => {
  let sandbox: Sandbox;
  let notes: string[];
  let host: PaymentLinkProvider;
  /** Layers a test arms; they pass through when unset. */
  let fault: Layer | undefined;

  beforeEach(async () => {
    fault = undefined;
    sandbox = await startSandbox({ port: 0, log: () => {}, layers: [(req, next) => (fault ? fault(req, next) : next(req))] });
    notes = [];
    host = await nextRun();
  });
  afterEach(async () => sandbox.close());

  const nextRun = () => providerFor(sandbox, notes);
  const inputs = (extra: Record<string, unknown> = {}) => voucherInputs(sandbox, extra);
  const checked = async (extra: Record<string, unknown> = {}) => {
    const result = await host.check({}, inputs(extra));
    expect(result.failures).toEqual([]);
    return result.inputs;
  };
  const writes = () => sandbox.requests.filter((request) => request.method !== "GET").map((request) => request.route);

  it("does not create a second link when the answer to the create is lost", async () => {
    let lost = false;
    fault = async (req, next) => {
      const outcome = await next(req);
      if (!lost && req.method === "POST" && req.path.endsWith("/links")) {
        lost = true;
        return { kind: "drop" };
      }
      return outcome;
    };
    const { id } = await host.create(await checked());

    expect(sandbox.links()).toHaveLength(1);
    expect(sandbox.links()[0]).toMatchObject({ id, status: "active" });
    expect(writes().filter((route) => route === "POST /links")).toHaveLength(1);
  });

  it("continues a link it created before a crash instead of creating another", async () => {
    // A run killed after the create: the draft exists, carries the mark, and is not in state.
    const orphan = await fetch(`${sandbox.url}/links`, {
      method: "POST",
      headers: { "x-api-key": sandbox.apiKey, "x-api-secret": sandbox.apiSecret, "content-type": "application/json" },
      body: JSON.stringify({ ...inputs(), marker: undefined, metadata: { [MARKER_KEY]: MARK } }),
    }).then((response) => response.json() as Promise<{ data: { id: string } }>);
    sandbox.resetRequests();
    const { id } = await host.create(await checked());

    expect(id).toBe(orphan.data.id);
    expect(sandbox.links()).toHaveLength(1);
    expect(sandbox.links()[0]?.status).toBe("active");
    expect(writes()).toEqual(["POST /links/{id}/publish"]);
  });

  it("never takes the paid link it is replacing for its own: a replacement creates a new link", async () => {
    const first = await host.create(await checked());
    await fetch(`${sandbox.url}/sandbox/links/${first.id}/pay`, {
      method: "POST",
      headers: { "x-api-key": sandbox.apiKey, "x-api-secret": sandbox.apiSecret, "content-type": "application/json" },
      body: "{}",
    });
    const news = await checked({ amount: 1500 });
    host = await nextRun();
    expect(await host.diff(first.id, first.outs, news)).toMatchObject({ changes: true, replaces: ["amount"] });
    expect(notes.join("\n")).toContain("will be REPLACED: amount cannot change once the link has been paid (paid 1 time)");

    const second = await host.create(news);
    expect(second.id).not.toBe(first.id);
    await host.delete(first.id, first.outs);
    expect(sandbox.links().map((link) => [link.amount, link.status])).toEqual(
      expect.arrayContaining([
        ["1000.00", "archived"],
        ["1500.00", "active"],
      ]),
    );
  });

  it("treats a repeated publish whose first answer was lost as done", async () => {
    let lost = false;
    fault = async (req, next) => {
      const outcome = await next(req);
      if (!lost && req.path.endsWith("/publish")) {
        lost = true;
        return { kind: "drop" };
      }
      return outcome;
    };
    const { outs } = await host.create(await checked());

    expect(outs.status).toBe("active");
    expect(writes()).toEqual(["POST /links", "POST /links/{id}/publish", "POST /links/{id}/publish"]);
  });

  it("rides out 503s and a 429 with Retry-After on reads", async () => {
    const { id, outs } = await host.create(await checked());
    let calls = 0;
    fault = async (req, next) => {
      if (req.method !== "GET") return next(req);
      calls++;
      if (calls <= 2) return { kind: "response", status: 503, headers: { "content-type": "application/json" }, body: '{"error":"SERVICE_UNAVAILABLE","message":"down"}' };
      if (calls === 3) return { kind: "response", status: 429, headers: { "retry-after": "1", "content-type": "application/json" }, body: '{"error":"TOO_MANY_REQUESTS","message":"Too many requests."}' };
      return next(req);
    };
    const read = await (await nextRun()).read(id, outs);

    expect(read.id).toBe(id);
    expect(calls).toBe(4);
  });

  it("records the live link, writing nothing, when a killed run changed it and state never knew", async () => {
    const { id, outs } = await host.create(await checked());
    // The killed run paused it at the API; state still says active.
    await fetch(`${sandbox.url}/links/${id}/pause`, {
      method: "POST",
      headers: { "x-api-key": sandbox.apiKey, "x-api-secret": sandbox.apiSecret },
    });
    const news = await checked({ status: "paused" });
    sandbox.resetRequests();
    host = await nextRun();
    expect(await host.diff(id, outs, news)).toEqual({ changes: true });
    const updated = await host.update(id, outs, news);

    expect(updated.outs.status).toBe("paused");
    expect(writes()).toEqual([]);
    expect(notes.join("\n")).toContain("state was out of date; recording the live link (no API write)");
  });

  it("lists an instance once for batched reads, and once more before its first create to confirm no mark is missing", async () => {
    const made = await Promise.all(["a", "b", "c"].map(async (name) => host.create(await checked({ marker: `${MARK}-${name}` }))));
    const fresh = new PaymentLinkProvider(
      { get: (key) => ({ "mytpe:apiUrl": sandbox.url, "mytpe:apiKey": sandbox.apiKey, "mytpe:apiSecret": sandbox.apiSecret })[key] },
      { notes: () => {}, transport: await createTransport({ minBackoffMs: 5 }) },
    );
    sandbox.resetRequests();
    const news = await checked({ title: "Renamed" });
    await Promise.all(made.map(({ id, outs }) => fresh.diff(id, outs, news)));
    expect(sandbox.requests.filter((request) => request.route === "GET /links")).toHaveLength(1);
    await fresh.create(await checked({ marker: `${MARK}-d` }));
    await fresh.create(await checked({ marker: `${MARK}-e` }));

    expect(sandbox.requests.filter((request) => request.route === "GET /links")).toHaveLength(2);
  });
});
