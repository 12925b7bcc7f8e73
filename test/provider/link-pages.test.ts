// A listing read page by page can hide a link when the API reorders links created in the same
// second between requests; the page reader counts against `meta.total` and reads again until every
// link is seen, so "not listed" is proof of "absent".
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Link } from "../../src/link/link.ts";
import { pagesToReread, readEveryPage, readPage, type LinkPage } from "../../src/provider/link-pages.ts";
import { startSandbox, type Sandbox } from "../../src/sandbox/server.ts";

const link = (i: number) => ({ id: `id-${i}` }) as Link;

/** Pages of `links`, with `hide` (by pass) left off the pages and another link shown twice. */
function pager(links: Link[], hide: (pass: number) => string[]) {
  let pass = 0;
  const read = async (page: number): Promise<LinkPage> => {
    if (page === 1) pass++;
    const hidden = new Set(hide(pass));
    const shown = links.map((one) => (hidden.has(one.id) ? links[0]! : one));
    return { links: shown.slice((page - 1) * 100, page * 100), lastPage: Math.ceil(links.length / 100), total: links.length };
  };
  return { read, passes: () => pass };
}

describe("readEveryPage", () => {
  it("reads the pages once when they hold as many links as they count", async () => {
    const all = Array.from({ length: 250 }, (_, i) => link(i));
    const pages = pager(all, () => []);
    expect((await readEveryPage(pages.read, "instance X")).size).toBe(250);
    expect(pages.passes()).toBe(1);
  });

  it("reads the pages again when a link was on none of them, until every link is seen", async () => {
    const all = Array.from({ length: 250 }, (_, i) => link(i));
    const pages = pager(all, (pass) => (pass === 1 ? ["id-99", "id-100"] : pass === 2 ? ["id-100"] : []));
    const byId = await readEveryPage(pages.read, "instance X");
    expect(byId.size).toBe(250);
    expect(byId.has("id-100")).toBe(true);
    expect(pages.passes()).toBe(3);
  });

  it("fails, naming the listing and what it saw, when the pages never hold every link", async () => {
    const all = Array.from({ length: 150 }, (_, i) => link(i));
    const pages = pager(all, () => ["id-120"]);
    await expect(readEveryPage(pages.read, "payment instance X")).rejects.toThrow(
      "the listing of payment instance X stayed incomplete after 20 readings (149 of 150 links seen)",
    );
  });
});

describe("pagesToReread", () => {
  const page = (...seconds: number[]) => ({
    links: seconds.map((s) => ({ created_at: `2026-05-01T08:00:${String(s).padStart(2, "0")}.${s}00000Z` }) as Link),
    lastPage: 4,
  });

  it.each([
    ["no boundary tied: only the last page, which may have grown", [page(1, 2), page(3, 4), page(5, 6), page(7)], [4]],
    ["a second straddling the boundary of pages 2 and 3: those two", [page(1, 2), page(3, 4), page(4, 6), page(7)], [2, 3, 4]],
    ["a second straddling two boundaries: the three pages it spans", [page(1, 2), page(2, 2), page(2, 6), page(7)], [1, 2, 3, 4]],
    ["a page never read: it and its neighbours", [page(1, 2), undefined, page(5, 6), page(7)], [1, 2, 3, 4]],
  ])("%s", (_, pages, wanted) => {
    const latest = new Map(pages.flatMap((one, i) => (one ? [[i + 1, one] as const] : [])));
    expect(pagesToReread(latest)).toEqual(wanted);
  });
});

describe("the page reader against the sandbox breaking created_at ties at random", () => {
  let sandbox: Sandbox;
  let at = new Date("2026-05-01T08:00:00.000Z");
  beforeEach(async () => {
    at = new Date("2026-05-01T08:00:00.000Z");
    sandbox = await startSandbox({ port: 0, log: () => {}, now: () => at });
  });
  afterEach(async () => sandbox.close());

  it("finds every one of 250 links created in the same second, though a single reading of the pages misses some", async () => {
    const api = { apiUrl: sandbox.url, apiKey: sandbox.apiKey, apiSecret: sandbox.apiSecret };
    const made = new Set<string>();
    for (let i = 0; i < 250; i++) {
      const response = await fetch(`${sandbox.url}/links`, {
        method: "POST",
        headers: { "x-api-key": sandbox.apiKey, "x-api-secret": sandbox.apiSecret, "content-type": "application/json" },
        body: JSON.stringify({ payment_instance_id: sandbox.instances.ready, title: `Tie ${i}`, amount_mode: "open", usage_mode: "reusable" }),
      });
      made.add(((await response.json()) as { data: Link }).data.id);
    }
    sandbox.setFaults({ shuffle_ties: true, seed: 7 });
    const read = (page: number) => readPage(api, sandbox.instances.ready, page, "ties");

    const once = new Set((await Promise.all([1, 2, 3].map(read))).flatMap((page) => page.links.map((one) => one.id)));
    expect(once.size).toBeLessThan(250);

    const byId = await readEveryPage(read, "payment instance ready");
    expect(new Set(byId.keys())).toEqual(made);
  });

  it("reads again only the pages a second's ties straddle, until every link is seen", async () => {
    // 400 links, one a second, but for 40 sharing the second that falls across the boundary of pages 2 and 3.
    for (let i = 0; i < 400; i++) {
      at = new Date(Date.parse("2026-05-01T08:00:00.000Z") + (i >= 180 && i < 220 ? 180 : i) * 1000);
      await fetch(`${sandbox.url}/links`, {
        method: "POST",
        headers: { "x-api-key": sandbox.apiKey, "x-api-secret": sandbox.apiSecret, "content-type": "application/json" },
        body: JSON.stringify({ payment_instance_id: sandbox.instances.ready, title: `Link ${i}`, amount_mode: "open", usage_mode: "reusable" }),
      });
    }
    sandbox.setFaults({ shuffle_ties: true, seed: 3 });
    const api = { apiUrl: sandbox.url, apiKey: sandbox.apiKey, apiSecret: sandbox.apiSecret };
    const pages: number[] = [];
    const byId = await readEveryPage((page) => {
      pages.push(page);
      return readPage(api, sandbox.instances.ready, page, "ties");
    }, "payment instance ready");

    expect(byId.size).toBe(400);
    const rereads = pages.slice(4);
    expect(rereads.length).toBeGreaterThan(0);
    expect(new Set(rereads)).toEqual(new Set([2, 3, 4]));
  });
});
