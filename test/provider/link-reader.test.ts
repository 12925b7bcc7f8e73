// Reads arriving together share one listing; a lone read stays one GET; a link reads as gone only
// when a listing of its instance, read with keys that see the instance, does not hold it.
import { describe, expect, it } from "vitest";
import { LinkReader, type LinkSource } from "../../src/provider/link-reader.ts";
import type { Link } from "../../src/link/link.ts";

function source(links: Link[], options: { visible?: boolean } = {}) {
  const calls: string[] = [];
  const api: LinkSource = {
    async get(id) {
      calls.push(`GET ${id}`);
      return options.visible === false ? undefined : links.find((link) => link.id === id);
    },
    async page(instance, page) {
      calls.push(`LIST ${instance} ${page}`);
      const seen = options.visible === false ? [] : links;
      return { links: seen.slice((page - 1) * 100, page * 100), lastPage: Math.max(1, Math.ceil(seen.length / 100)), total: seen.length };
    },
    async instance(instance) {
      if (options.visible === false) throw new Error(`404 for payment instance ${instance} to the API key mtk_live_9988…`);
    },
  };
  return { api, calls };
}
const link = (i: number) => ({ id: `id-${i}`, status: "active" }) as Link;

describe("LinkReader", () => {
  it("answers a lone read with a single GET", async () => {
    const { api, calls } = source([link(1)]);
    expect(await new LinkReader(api).read("id-1", "inst")).toMatchObject({ id: "id-1" });
    expect(calls).toEqual(["GET id-1"]);
  });

  it("answers 250 reads arriving together from three pages of one listing", async () => {
    const all = Array.from({ length: 250 }, (_, i) => link(i));
    const { api, calls } = source(all);
    const reader = new LinkReader(api);
    const found = await Promise.all(all.map((one) => reader.read(one.id, "inst")));
    expect(found.map((one) => one?.id)).toEqual(all.map((one) => one.id));
    expect(calls).toEqual(["LIST inst 1", "LIST inst 2", "LIST inst 3"]);
  });

  it("falls back to a GET for a link the listing does not hold, so a missing link reads as gone", async () => {
    const { api, calls } = source([link(1), link(2), link(3)]);
    const reader = new LinkReader(api);
    const found = await Promise.all(["id-1", "id-2", "id-3", "id-9"].map((id) => reader.read(id, "inst")));
    expect(found.map((one) => one?.id)).toEqual(["id-1", "id-2", "id-3", undefined]);
    expect(calls).toEqual(["LIST inst 1", "GET id-9"]);
  });

  it("reads a whitelist link on its own, since the listing omits its payers", async () => {
    const { api, calls } = source([link(1), link(2), link(3)]);
    const reader = new LinkReader(api);
    await Promise.all([reader.read("id-1", "inst"), reader.read("id-2", "inst"), reader.read("id-3", "inst", { needsPayers: true })]);
    expect(calls).toEqual(["GET id-3", "GET id-1", "GET id-2"]);
  });

  it("lists an instance once per run: later reads, a few at a time, are answered from it", async () => {
    const all = Array.from({ length: 1000 }, (_, i) => link(i));
    const { api, calls } = source(all);
    const reader = new LinkReader(api);
    // As the engine reads during a refresh: waves of a few reads.
    for (let wave = 0; wave < 1000; wave += 8) {
      const ids = all.slice(wave, wave + 8).map((one) => one.id);
      const found = await Promise.all(ids.map((id) => reader.read(id, "inst")));
      expect(found.map((one) => one?.id)).toEqual(ids);
    }
    expect(calls).toHaveLength(10);
    expect(calls.every((call) => call.startsWith("LIST inst"))).toBe(true);
  });

  it("answers with the link as the provider's own write left it, not as the listing read it before", async () => {
    const { api } = source([link(1), link(2), link(3)]);
    const reader = new LinkReader(api);
    await reader.listing("inst", "label");
    reader.remember({ ...link(2), status: "paused", payment_instance_id: "inst" } as Link);
    reader.rememberArchived("id-3");
    const found = await Promise.all(["id-1", "id-2", "id-3"].map((id) => reader.read(id, "inst")));
    expect(found.map((one) => one?.status)).toEqual(["active", "paused", "archived"]);
  });

  it("reads the listing once more for the first create, then shares it with later ones", async () => {
    const { api, calls } = source([link(1)]);
    const reader = new LinkReader(api);
    await reader.listing("inst", "label");
    await reader.listingForCreates("inst", "label");
    await reader.listingForCreates("inst", "label");
    expect(calls).toEqual(["LIST inst 1", "LIST inst 1"]);
  });

  it("offers the run's listing of an instance without ever starting one", async () => {
    const { api, calls } = source([link(1)]);
    const reader = new LinkReader(api);
    expect(reader.listingIfAny("inst")).toBeUndefined();
    await reader.listing("inst", "label");
    expect((await reader.listingIfAny("inst"))?.get("id-1")).toMatchObject({ id: "id-1" });
    expect(calls).toEqual(["LIST inst 1"]);
  });

  it("checks a lone read's 404 against its instance's listing before calling the link gone", async () => {
    const { api, calls } = source([link(1)]);
    expect(await new LinkReader(api).read("id-9", "inst")).toBeUndefined();
    expect(calls).toEqual(["GET id-9", "LIST inst 1"]);
  });

  it("fails, never reads as gone, a link whose instance these keys cannot see", async () => {
    const { api } = source([link(1), link(2), link(3)], { visible: false });
    const reader = new LinkReader(api);
    await expect(reader.read("id-1", "inst")).rejects.toThrow("404 for payment instance inst");
    const together = await Promise.allSettled(["id-1", "id-2", "id-3"].map((id) => reader.read(id, "inst")));
    expect(together.map((one) => one.status)).toEqual(["rejected", "rejected", "rejected"]);
  });

  it("fails, never reads as gone, a 404 for a link whose state names no instance", async () => {
    const { api } = source([]);
    await expect(new LinkReader(api).read("id-9", undefined)).rejects.toThrow(/names no payment instance/);
  });

  it("answers with the listed link when a GET says 404 but the proven listing holds it", async () => {
    const { api } = source([link(1)]);
    const flaky: LinkSource = { ...api, get: async () => undefined };
    expect(await new LinkReader(flaky).read("id-1", "inst")).toMatchObject({ id: "id-1" });
  });
});
