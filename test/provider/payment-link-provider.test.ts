// The provider's methods against the sandbox on a random port, in process: what each Pulumi
// operation sends to the API, and how it converges through lost answers, retries and crashes.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTransport } from "../../src/provider/api-transport.ts";
import { MARKER_KEY } from "../../src/provider/link-marker.ts";
import { PaymentLinkProvider } from "../../src/provider/payment-link-provider.ts";
import type { Layer } from "../../src/sandbox/pipeline.ts";
import { startSandbox, type Sandbox } from "../../src/sandbox/server.ts";

const MARK = "mytpe-links/test/voucher";

describe("the PaymentLink provider against the sandbox", () => {
  let sandbox: Sandbox;
  let notes: string[];
  let host: PaymentLinkProvider;
  /** Layers a test arms; they pass through when unset. */
  let fault: Layer | undefined;

  /** A provider as a new Pulumi command starts it: nothing read yet. */
  const nextRun = async () => {
    const config = new Map([
      ["mytpe:apiUrl", sandbox.url],
      ["mytpe:apiKey", sandbox.apiKey],
      ["mytpe:apiSecret", sandbox.apiSecret],
      ["mytpe:payUrl", sandbox.payUrl],
    ]);
    return new PaymentLinkProvider(
      { get: (key) => config.get(key) },
      {
        notes: (note) => notes.push(`${note.severity}: ${note.message}`),
        transport: await createTransport({ minBackoffMs: 5, maxBackoffMs: 50 }),
      },
    );
  };

  beforeEach(async () => {
    fault = undefined;
    sandbox = await startSandbox({ port: 0, log: () => {}, layers: [(req, next) => (fault ? fault(req, next) : next(req))] });
    notes = [];
    host = await nextRun();
  });
  afterEach(async () => sandbox.close());

  const inputs = (extra: Record<string, unknown> = {}) => ({
    payment_instance_id: sandbox.instances.ready,
    title: "Voucher",
    amount_mode: "fixed",
    amount: 1000,
    usage_mode: "reusable",
    marker: MARK,
    ...extra,
  });
  const checked = async (extra: Record<string, unknown> = {}) => {
    const result = await host.check({}, inputs(extra));
    expect(result.failures).toEqual([]);
    return result.inputs;
  };
  const writes = () => sandbox.requests.filter((request) => request.method !== "GET").map((request) => request.route);

  it("creates a link as a draft, publishes it, and marks it with the resource's identity", async () => {
    const { id, outs } = await host.create(await checked());

    const [link] = sandbox.links();
    expect(link).toMatchObject({ id, status: "active", amount: "1000.00" });
    expect(link?.metadata).toEqual({ [MARKER_KEY]: MARK });
    expect(outs).toMatchObject({ status: "active", url: `${sandbox.payUrl}/${link?.slug}`, marker: MARK });
    expect(outs).not.toHaveProperty("metadata");
    expect(writes()).toEqual(["POST /links", "POST /links/{id}/publish"]);
  });

  it("keeps the mark when declared metadata changes, and hides it from state and refresh", async () => {
    const { id, outs } = await host.create(await checked({ metadata: { campaign: "spring" } }));
    const news = await checked({ metadata: { campaign: "summer" } });
    expect(await host.diff(id, outs, news)).toEqual({ changes: true });
    const updated = await host.update(id, outs, news);

    expect(sandbox.links()[0]?.metadata).toEqual({ campaign: "summer", [MARKER_KEY]: MARK });
    expect(updated.outs["metadata"]).toEqual({ campaign: "summer" });
    const read = await host.read(id, updated.outs);
    expect(read.inputs?.["metadata"]).toEqual({ campaign: "summer" });
  });

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

  it("reads a link that no longer exists as gone, so refresh drops it from state", async () => {
    expect(await host.read("00000000-0000-4000-8000-000000000000", { title: "Gone" })).toEqual({ id: "", props: {} });
  });

  it("archives on delete, and counts an already ended link as done", async () => {
    const { id, outs } = await host.create(await checked({ usage_mode: "one_shot" }));
    await fetch(`${sandbox.url}/sandbox/links/${id}/pay`, {
      method: "POST",
      headers: { "x-api-key": sandbox.apiKey, "x-api-secret": sandbox.apiSecret, "content-type": "application/json" },
      body: "{}",
    });
    expect(sandbox.links()[0]?.status).toBe("exhausted");
    await host.delete(id, outs);
    expect(sandbox.links()[0]?.status).toBe("exhausted");
  });

  it("names the operation and the link in errors, and never the credentials", async () => {
    const bad = new PaymentLinkProvider(
      { get: (key) => (key === "mytpe:apiSecret" ? "mts_live_wrong0000000000000000000000000" : key === "mytpe:apiKey" ? sandbox.apiKey : key === "mytpe:apiUrl" ? sandbox.url : undefined) },
      { notes: () => {} },
    );
    const error = (await bad.create(await checked()).catch((caught: unknown) => caught)) as Error;
    expect(error.message).toContain('payment link "Voucher" failed: Invalid API credentials.');
    expect(error.message).not.toContain(sandbox.apiKey);
    expect(error.message).not.toContain("mts_live_wrong");
  });

  it("refuses at check, before any call, a declaration with a mistake", async () => {
    const result = await host.check({}, inputs({ amount_mode: "open" }));
    expect(result.failures).toEqual([
      { property: "amount", reason: "not allowed when amount_mode is open (use min_amount / max_amount)" },
    ]);
    expect(sandbox.requests).toEqual([]);
  });

  it("shows a payment instance not known yet as a possible replacement, and says why", async () => {
    const { id, outs } = await host.create(await checked());
    const news = { ...(await checked()), payment_instance_id: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" };
    expect(await host.diff(id, outs, news)).toEqual({ changes: true, replaces: ["payment_instance_id"] });
    expect(notes.join("\n")).toContain("payment_instance_id is not known yet; if it differs from the live link's, the link is replaced (a new URL)");
  });

  it("refuses at preview to lower max_uses below the payments the live link has taken", async () => {
    const { id, outs } = await host.create(await checked({ usage_mode: "limited", max_uses: 5 }));
    for (let i = 0; i < 3; i++) {
      await fetch(`${sandbox.url}/sandbox/links/${id}/pay`, {
        method: "POST",
        headers: { "x-api-key": sandbox.apiKey, "x-api-secret": sandbox.apiSecret, "content-type": "application/json" },
        body: "{}",
      });
    }
    host = await nextRun();
    const error = (await host.diff(id, outs, await checked({ usage_mode: "limited", max_uses: 2 })).catch((caught: unknown) => caught)) as Error;
    expect(error.message).toBe(
      'payment link "Voucher" (' + String(outs.slug) + "): max_uses cannot go below the 3 payments the link has already taken: declare max_uses: 3 or more, or status: archived to stop it",
    );
  });

  it("refuses a second resource adopting, in the same run, a link the first adopts", async () => {
    const outside = await fetch(`${sandbox.url}/links`, {
      method: "POST",
      headers: { "x-api-key": sandbox.apiKey, "x-api-secret": sandbox.apiSecret, "content-type": "application/json" },
      body: JSON.stringify({ ...inputs(), marker: undefined }),
    }).then((response) => response.json() as Promise<{ data: { id: string } }>);
    expect((await host.check({}, inputs({ adopt: outside.data.id, marker: `${MARK}-a` }))).failures).toEqual([]);
    expect((await host.check({}, inputs({ adopt: outside.data.id, marker: `${MARK}-b` }))).failures).toEqual([
      { property: "adopt", reason: `link ${outside.data.id} is adopted by ${MARK}-a too; a link has one owner: keep \`adopt: ${outside.data.id}\` on one declaration only` },
    ]);
  });

  it("records state written with the pre-1.0 mark in the current format, with no API write", async () => {
    const { id, outs } = await host.create(await checked());
    sandbox.resetRequests();
    const news = await checked({ marker: "urn:pulumi:test::mytpe-links::pulumi-nodejs:dynamic/mytpe:PaymentLink::voucher" });
    expect(await host.diff(id, outs, news)).toEqual({ changes: true });
    const { outs: updated } = await host.update(id, outs, news);
    expect(updated.marker).toBe(news["marker"]);
    expect(writes()).toEqual([]);
  });
});
