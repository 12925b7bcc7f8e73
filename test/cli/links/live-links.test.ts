// Against the real sandbox on a random port: what the links report asks the API.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StackLink } from "../../../src/cli/links/stack-links.ts";
import { everyLiveLink, liveLinksOf } from "../../../src/cli/links/live-links.ts";
import type { ApiConfig } from "../../../src/provider/api-client.ts";
import { startHarness, type Harness } from "../../sandbox/harness.ts";

describe("the live links of a stack", () => {
  let harness: Harness;
  let api: ApiConfig;
  const ids: string[] = [];
  const stackLink = (id: string, instance: string): StackLink => ({
    name: `link-${id.slice(0, 8)}`,
    urn: `urn:pulumi:test::p::t::link-${id.slice(0, 8)}`,
    id,
    state: { payment_instance_id: instance },
    protect: false,
  });

  beforeAll(async () => {
    harness = await startHarness();
    api = { apiUrl: harness.sandbox.url, apiKey: harness.sandbox.apiKey, apiSecret: harness.sandbox.apiSecret };
    for (let i = 0; i < 120; i++) ids.push((await harness.createLink({ title: `Link ${i}` })).id);
    await harness.createActive({ title: "Members", amount_mode: "open", amount: undefined, usage_mode: "whitelist", allowed_payers: ["a@example.dz"] });
  }, 120_000);
  afterAll(async () => harness?.stop());

  it("reads every link of an instance from one listing, every page, 100 a page, without a GET per link", async () => {
    harness.sandbox.resetRequests();
    const live = await liveLinksOf(
      api,
      ids.map((id) => stackLink(id, harness.sandbox.instances.ready)),
    );
    expect([...live.values()].filter(Boolean)).toHaveLength(120);
    // Two pages for 120 links: 100 a page (the API's default, 15, would take eight), once these
    // keys are seen to see the instance (else the listing proves nothing).
    expect(harness.sandbox.requests.map((request) => request.route).sort()).toEqual(["GET /instances/{id}", "GET /links", "GET /links"]);
  });

  it("lists each instance once, and asks for a link its listing lacks, to tell it is gone", async () => {
    harness.sandbox.resetRequests();
    const gone = "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e";
    const live = await liveLinksOf(api, [
      stackLink(ids[0]!, harness.sandbox.instances.ready),
      stackLink(ids[1]!, harness.sandbox.instances.ready),
      stackLink(gone, harness.sandbox.instances.pending),
    ]);
    expect(live.get(ids[0]!)?.id).toBe(ids[0]);
    expect(live.get(gone)).toBeUndefined();
    expect(harness.sandbox.requests.map((request) => request.route).sort()).toEqual([
      "GET /instances/{id}",
      "GET /instances/{id}",
      "GET /links",
      "GET /links",
      "GET /links",
      "GET /links/{id}",
    ]);
  });

  it("lists every link of the trader, a whitelist link with its payers", async () => {
    harness.sandbox.resetRequests();
    const every = await everyLiveLink(api);
    expect(every).toHaveLength(121);
    expect(every.find((link) => link.title === "Members")?.allowed_payers).toEqual(["a@example.dz"]);
    expect(harness.sandbox.requests.map((request) => request.route)).toEqual(["GET /links", "GET /links", "GET /links/{id}"]);
  });

  it("says which listing failed, without the credentials", async () => {
    await expect(liveLinksOf({ ...api, apiSecret: "mts_live_wrong" }, [stackLink(ids[0]!, harness.sandbox.instances.ready)])).rejects.toThrow(
      `list the payment links of instance ${harness.sandbox.instances.ready} failed: Invalid API credentials. [HTTP 401 UNAUTHORIZED, GET /links?payment_instance_id=${harness.sandbox.instances.ready}&per_page=100&page=1&sort_by=created_at&sort_dir=asc]`,
    );
  });

  it("fails, naming the key and the API, for an instance these keys cannot see, rather than report its links gone", async () => {
    const other = { ...api, apiKey: harness.sandbox.otherTrader.apiKey, apiSecret: harness.sandbox.otherTrader.apiSecret };
    await expect(liveLinksOf(other, [stackLink(ids[0]!, harness.sandbox.instances.ready)])).rejects.toThrow(
      `the MyTPE API at ${harness.sandbox.url} answers 404 for its payment instance ${harness.sandbox.instances.ready} to the API key mtk_live_9988…`,
    );
  });
});
