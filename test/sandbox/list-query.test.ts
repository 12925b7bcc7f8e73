import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Link, LinkListItem } from "../../src/sandbox/link.ts";
import { startHarness, type Harness } from "./harness.ts";

// Five links made a second apart, the first published and paid once: the tests only read them.
let h: Harness;
const created: Link[] = [];
const titles = ["Bravo tickets", "alpha dinner", "Charlie Voucher", "delta voucher", "Echo donation"];

beforeAll(async () => {
  h = await startHarness();
  for (const [i, title] of titles.entries()) {
    h.advance(1_000);
    const usage = i % 2 === 0 ? { usage_mode: "reusable" } : { usage_mode: "whitelist", allowed_payers: ["x@example.dz"] };
    created.push(await h.createLink({ title, ...usage }));
  }
  await h.api("POST", `/links/${created[0]?.id}/publish`);
  await h.pay(created[0]?.id ?? "");
});
afterAll(async () => {
  await h.stop();
});

const list = async (query: string, harness = h): Promise<{ items: LinkListItem[]; reply: Awaited<ReturnType<Harness["api"]>> }> => {
  const reply = await harness.api("GET", `/links${query}`);
  return { items: reply.body.data as LinkListItem[], reply };
};

describe("listing links", () => {
  it("defaults to newest first, 15 per page, in a Laravel paginator", async () => {
    const { items, reply } = await list("");
    expect(reply.status).toBe(200);
    expect(items.map((l) => l.title)).toEqual([...titles].reverse());
    expect(reply.body.meta).toEqual({ current_page: 1, from: 1, to: 5, per_page: 15, last_page: 1, total: 5 });
    expect(reply.body.links).toEqual({
      first: `${h.sandbox.url}/links?page=1`,
      last: `${h.sandbox.url}/links?page=1`,
      prev: null,
      next: null,
    });
  });

  it("omits allowed_payers from list items but includes it on a single read", async () => {
    const { items } = await list("?usage_mode=whitelist");
    expect(items).toHaveLength(2);
    for (const item of items) expect(item).not.toHaveProperty("allowed_payers");
    const one = await h.api("GET", `/links/${items[0]?.id}`);
    expect(one.body.data).toHaveProperty("allowed_payers", ["x@example.dz"]);
  });

  it("pages with per_page and keeps the query in page links", async () => {
    const { items, reply } = await list("?per_page=2&page=2&sort_dir=asc");
    expect(items.map((l) => l.title)).toEqual(["Charlie Voucher", "delta voucher"]);
    expect(reply.body.meta).toEqual({ current_page: 2, from: 3, to: 4, per_page: 2, last_page: 3, total: 5 });
    expect(reply.body.links?.next).toBe(`${h.sandbox.url}/links?per_page=2&page=3&sort_dir=asc`);
    expect(reply.body.links?.prev).toBe(`${h.sandbox.url}/links?per_page=2&page=1&sort_dir=asc`);
  });

  it("answers an empty page past the end", async () => {
    const { items, reply } = await list("?page=9");
    expect(items).toEqual([]);
    expect(reply.body.meta).toMatchObject({ current_page: 9, from: null, to: null, total: 5, last_page: 1 });
  });

  it("searches title and slug case-insensitively", async () => {
    expect((await list("?search=VOUCHER")).items.map((l) => l.title)).toEqual(["delta voucher", "Charlie Voucher"]);
    const slug = created[1]?.slug ?? "";
    expect((await list(`?search=${slug.slice(-4)}`)).items.map((l) => l.slug)).toContain(slug);
  });

  it("does not search metadata", async () => {
    const own = await startHarness();
    try {
      await own.createLink({ title: "Zulu", metadata: { secret_word: "pineapple" } });
      expect((await list("?search=pineapple", own)).items).toEqual([]);
      expect((await list("?search=zulu", own)).items.map((l) => l.title)).toEqual(["Zulu"]);
    } finally {
      await own.stop();
    }
  });

  it("filters by status, usage mode and payment instance", async () => {
    expect((await list("?status=active")).items.map((l) => l.title)).toEqual(["Bravo tickets"]);
    expect((await list("?usage_mode=reusable&status=draft")).items.map((l) => l.title)).toEqual(["Echo donation", "Charlie Voucher"]);
    expect((await list(`?payment_instance_id=${h.sandbox.instances.pending}`)).items).toEqual([]);
  });

  it("sorts by title case-insensitively and by paid_count", async () => {
    const { items } = await list("?sort_by=title&sort_dir=asc&status=draft&usage_mode=whitelist");
    expect(items.map((l) => l.title)).toEqual(["alpha dinner", "delta voucher"]);
    const byTitle = (await list("?sort_by=title&sort_dir=asc")).items.map((l) => l.title);
    expect(byTitle).toEqual(["alpha dinner", "Bravo tickets", "Charlie Voucher", "delta voucher", "Echo donation"]);
    expect((await list("?sort_by=paid_count&sort_dir=desc")).items[0]?.title).toBe("Bravo tickets");
  });

  it("breaks sort ties by id so pages never overlap", async () => {
    const all = (await list("?sort_by=status&per_page=100")).items;
    const paged: LinkListItem[] = [];
    for (let page = 1; page <= all.length; page += 1) paged.push(...(await list(`?sort_by=status&per_page=1&page=${page}`)).items);
    expect(paged.map((l) => l.id)).toEqual(all.map((l) => l.id));
  });

  const badQueries: [string, string, string][] = [
    ["?per_page=101", "per_page", "The per page may not be greater than 100."],
    ["?per_page=0", "per_page", "The per page must be at least 1."],
    ["?per_page=ten", "per_page", "The per page must be an integer."],
    ["?page=0", "page", "The page must be at least 1."],
    ["?page=-1", "page", "The page must be an integer."],
    ["?status=gone", "status", "The selected status is invalid."],
    ["?usage_mode=forever", "usage_mode", "The selected usage mode is invalid."],
    ["?sort_by=amount", "sort_by", "The selected sort by is invalid."],
    ["?sort_dir=up", "sort_dir", "The selected sort dir is invalid."],
    ["?payment_instance_id=abc", "payment_instance_id", "The payment instance id must be a valid UUID."],
  ];
  it.each(badQueries)("refuses %s with a 422 on %s", async (query, field, message) => {
    const { reply } = await list(query);
    expect(reply.status).toBe(422);
    expect(reply.body).toEqual({ error: "VALIDATION_ERROR", message, errors: { [field]: [message] } });
  });
});
