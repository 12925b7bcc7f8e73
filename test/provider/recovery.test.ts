// How the provider finds its own links after lost answers, against the sandbox in process: an
// ambiguous create is retried with backoff, each retry after a look for its mark; only a link
// carrying exactly its own mark is ever taken.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTransport } from "../../src/provider/api-transport.ts";
import { MARKER_KEY } from "../../src/provider/link-marker.ts";
import { PaymentLinkProvider } from "../../src/provider/payment-link-provider.ts";
import { PAYMENT_LINK_TYPE } from "../../src/provider/protocol.ts";
import { jsonResponse, type Layer } from "../../src/sandbox/pipeline.ts";
import { startSandbox, type Sandbox } from "../../src/sandbox/server.ts";

const URN = `urn:pulumi:test::campaign::${PAYMENT_LINK_TYPE}::voucher`;
const CHILD_URN = `urn:pulumi:test::campaign::acme:Campaign$${PAYMENT_LINK_TYPE}::voucher`;
const OWNER = "0b7e3c1d-5a2f-4e8b-9c6d-1f2e3a4b5c6d";
const mark = (urn: string, generation = 1) => `${urn}#${generation}@${OWNER}`;

describe("recovery of the provider's own links", () => {
  let sandbox: Sandbox;
  let layer: Layer | undefined;
  let provider: PaymentLinkProvider;

  const newProvider = async (backoff = { minBackoffMs: 5, maxBackoffMs: 20 }) => {
    const config = new Map([
      ["mytpe:apiUrl", sandbox.url],
      ["mytpe:apiKey", sandbox.apiKey],
      ["mytpe:apiSecret", sandbox.apiSecret],
    ]);
    return new PaymentLinkProvider({ get: (key) => config.get(key) }, { notes: () => {}, transport: await createTransport(backoff) });
  };
  beforeEach(async () => {
    layer = undefined;
    sandbox = await startSandbox({ port: 0, log: () => {}, layers: [(req, next) => (layer ? layer(req, next) : next(req))] });
    provider = await newProvider();
  });
  afterEach(async () => sandbox.close());

  const inputs = async (marker: string, extra: Record<string, unknown> = {}) => {
    const { inputs: checked, failures } = await provider.check(
      {},
      {
        payment_instance_id: sandbox.instances.ready,
        title: "Voucher",
        amount_mode: "fixed",
        amount: 1000,
        usage_mode: "reusable",
        marker,
        owner: OWNER,
        saved_links: [],
        ...extra,
      },
    );
    expect(failures).toEqual([]);
    return checked;
  };
  const routes = () => sandbox.requests.map((request) => `${request.route} ${request.status}`);
  /** A link made outside this provider (a killed run, another resource), carrying `mark`. */
  const existing = async (mark: string) => {
    const response = await fetch(`${sandbox.url}/links`, {
      method: "POST",
      headers: { "x-api-key": sandbox.apiKey, "x-api-secret": sandbox.apiSecret, "content-type": "application/json" },
      body: JSON.stringify({
        payment_instance_id: sandbox.instances.ready,
        title: "Voucher",
        amount_mode: "fixed",
        amount: 1000,
        usage_mode: "reusable",
        metadata: { [MARKER_KEY]: mark },
      }),
    });
    return ((await response.json()) as { data: { id: string } }).data.id;
  };

  it("retries a create answered 503 with backoff, looking for its mark before each retry, and creates one link", async () => {
    let failures = 4;
    layer = async (req, next) =>
      req.method === "POST" && req.path.endsWith("/links") && failures-- > 0 ? jsonResponse(503, { error: "SERVICE_UNAVAILABLE", message: "down" }) : next(req);
    await provider.create(await inputs(URN));

    expect(sandbox.links()).toHaveLength(1);
    expect(routes().filter((route) => route.startsWith("POST /links "))).toEqual([
      "POST /links 503",
      "POST /links 503",
      "POST /links 503",
      "POST /links 503",
      "POST /links 201",
    ]);
    // Each retry came after a fresh look at the newest links for the mark.
    const sequence = routes().filter((route) => route.startsWith("POST /links ") || route.startsWith("GET /links "));
    expect(sequence.slice(sequence.indexOf("POST /links 503"))).toEqual([
      "POST /links 503",
      "GET /links 200",
      "POST /links 503",
      "GET /links 200",
      "POST /links 503",
      "GET /links 200",
      "POST /links 503",
      "GET /links 200",
      "POST /links 201",
    ]);
  });

  it("makes 20 creates whose POSTs fail with 503 share one listing a round of retries, and makes 20 links", async () => {
    let failures = 60;
    layer = async (req, next) =>
      req.method === "POST" && req.path.endsWith("/links") && failures-- > 0 ? jsonResponse(503, { error: "SERVICE_UNAVAILABLE", message: "down" }) : next(req);
    // The transport's own backoff (250 ms doubling, with full jitter), as a real run has it.
    provider = await newProvider({ minBackoffMs: 250, maxBackoffMs: 20_000 });
    const urns = Array.from({ length: 20 }, (_, i) => `${URN}-${i}`);
    const checked = [];
    for (const urn of urns) checked.push(await inputs(urn));
    await Promise.all(checked.map((one) => provider.create(one)));

    expect(sandbox.links()).toHaveLength(20);
    expect(routes().filter((route) => route === "POST /links 503")).toHaveLength(60);
    // Before: a listing before each retry of each create (20 × 3 = 60), each alone. Now the
    // creates' first listing, then one a round of retries (4 in all, measured; 5 allows for a
    // straggler's backoff falling past a gathered round).
    const listings = routes().filter((route) => route.startsWith("GET /links "));
    expect(listings.length).toBeLessThanOrEqual(5);
  });

  it("gives up after as many attempts as any other call, having created nothing", async () => {
    layer = async (req, next) =>
      req.method === "POST" && req.path.endsWith("/links") ? jsonResponse(503, { error: "SERVICE_UNAVAILABLE", message: "down" }) : next(req);
    const error = (await provider.create(await inputs(URN)).catch((caught: unknown) => caught)) as Error;

    expect(error.message).toContain('create payment link "Voucher" failed: down [HTTP 503 SERVICE_UNAVAILABLE, POST /links]');
    expect(routes().filter((route) => route.startsWith("POST /links "))).toHaveLength(7);
    expect(sandbox.links()).toEqual([]);
  });

  it("takes the link a lost answer created, found by its mark, instead of sending the create again", async () => {
    let lost = true;
    layer = async (req, next) => {
      if (req.method === "POST" && req.path.endsWith("/links") && lost) {
        lost = false;
        await next(req);
        return { kind: "drop" };
      }
      return next(req);
    };
    const { id } = await provider.create(await inputs(URN));

    expect(sandbox.links().map((link) => link.id)).toEqual([id]);
    expect(routes().filter((route) => route.startsWith("POST /links "))).toHaveLength(1);
  });

  it("never takes a link marked by another resource of the same name under another parent", async () => {
    const other = await existing(CHILD_URN);
    const { id } = await provider.create(await inputs(URN));

    expect(id).not.toBe(other);
    expect(sandbox.links()).toHaveLength(2);
  });

  it("never takes by itself a link marked before 1.0 with its name, saying to adopt it; adopted, it is re-marked", async () => {
    const legacy = await existing("campaign/test/voucher");
    const refused = await provider.check(
      {},
      {
        payment_instance_id: sandbox.instances.ready,
        title: "Voucher",
        amount_mode: "fixed",
        amount: 1000,
        usage_mode: "reusable",
        marker: URN,
        owner: OWNER,
        saved_links: [],
      },
    );
    expect(refused.failures.map((failure) => failure.reason).join()).toContain(
      `marked before mytpe-links recorded owners, and this stack's state does not hold it`,
    );
    expect(refused.failures.map((failure) => failure.reason).join()).toContain(`declare \`adopt: ${legacy}\``);

    const { id } = await provider.create(await inputs(URN, { adopt: legacy }));
    expect(id).toBe(legacy);
    expect(sandbox.links()).toHaveLength(1);
    expect(sandbox.links()[0]?.metadata).toEqual({ [MARKER_KEY]: mark(URN) });
  });

  it("never takes a pre-1.0 mark for a resource with a parent: that mark named two resources", async () => {
    await existing("campaign/test/voucher");
    await provider.create(await inputs(CHILD_URN));
    expect(sandbox.links()).toHaveLength(2);
  });

  it("never takes for its own a link it archived earlier in the same run", async () => {
    const first = await provider.create(await inputs(URN));
    await provider.delete(first.id, first.outs);
    const second = await provider.create(await inputs(URN));

    expect(second.id).not.toBe(first.id);
    expect(
      sandbox
        .links()
        .map((link) => link.status)
        .sort(),
    ).toEqual(["active", "archived"]);
  });
});
