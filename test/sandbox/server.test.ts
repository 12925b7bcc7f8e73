import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Link } from "../../src/sandbox/link.ts";
import { startHarness, type Harness } from "./harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.stop();
});

const LINK_FIELDS = [
  "id",
  "payment_instance_id",
  "form_id",
  "slug",
  "title",
  "description",
  "logo",
  "amount_mode",
  "amount",
  "min_amount",
  "max_amount",
  "currency",
  "usage_mode",
  "max_uses",
  "target_amount",
  "starts_at",
  "ends_at",
  "expires_at",
  "paid_count",
  "total_collected",
  "status",
  "allowed_payers",
  "metadata",
  "created_at",
  "updated_at",
];
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

describe("authentication", () => {
  it.each([
    ["no credentials", { "x-api-key": "", "x-api-secret": "" }],
    ["a wrong secret", { "x-api-secret": "mts_live_00000000000000000000000000000000" }],
    ["a wrong key", { "x-api-key": "mtk_live_00000000000000000000000000000000" }],
  ])("a request with %s is refused with 401", async (_, headers) => {
    const reply = await h.api("GET", "/me", undefined, { headers });
    expect(reply.status).toBe(401);
    expect(reply.body).toEqual({ error: "UNAUTHORIZED", message: "Invalid API credentials." });
  });

  it("every API route needs credentials", async () => {
    for (const path of ["/links", "/instances", "/forms", "/sandbox/stats"]) {
      expect((await h.api("GET", path, undefined, { headers: { "x-api-key": "" } })).status, path).toBe(401);
    }
  });

  it("GET /me answers the seeded trader", async () => {
    const reply = await h.api("GET", "/me");
    expect(reply.status).toBe(200);
    expect(reply.body.data).toEqual({
      id: expect.any(String),
      email: expect.any(String),
      name: expect.any(String),
      role: "trader",
      created_at: expect.stringMatching(TIMESTAMP),
    });
  });

  it("the seeded key pair has the documented format", () => {
    expect(h.sandbox.apiKey).toMatch(/^mtk_live_[0-9a-f]{32}$/);
    expect(h.sandbox.apiSecret).toMatch(/^mts_live_[0-9a-f]{32}$/);
  });
});

describe("the link object", () => {
  it("a created link has exactly the contract's fields, money as decimal strings and 6-digit UTC timestamps", async () => {
    const reply = await h.api("POST", "/links", {
      payment_instance_id: h.sandbox.instances.ready,
      title: "Spring Voucher — édition 2026!",
      amount_mode: "fixed",
      amount: 4500,
      usage_mode: "capped_amount",
      target_amount: "90000.50",
      metadata: { order: "ORD-10428" },
    });
    expect(reply.status).toBe(201);
    const link = reply.body.data as Link;
    expect(Object.keys(link)).toEqual(LINK_FIELDS);
    expect(link).toMatchObject({
      amount: "4500.00",
      target_amount: 90000.5,
      total_collected: "0.00",
      paid_count: 0,
      currency: "DZD",
      status: "draft",
      allowed_payers: [],
      metadata: { order: "ORD-10428" },
    });
    expect(link.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(link.slug).toMatch(/^spring-voucher-edition-2-[a-z0-9]{4}$/);
    expect(link.created_at).toMatch(TIMESTAMP);
    expect(link.updated_at).toBe(link.created_at);
  });

  it("slugs are unique even for identical titles", async () => {
    const slugs = new Set<string>();
    for (let i = 0; i < 20; i += 1) slugs.add((await h.createLink({ title: "Same title" })).slug);
    expect(slugs.size).toBe(20);
  });

  it("a repeated create makes a second link: nothing de-duplicates", async () => {
    const a = await h.createLink({ title: "Twice" });
    const b = await h.createLink({ title: "Twice" });
    expect(a.id).not.toBe(b.id);
  });
});

describe("errors and routing", () => {
  it("an unknown link id is 404", async () => {
    const reply = await h.api("GET", "/links/00000000-0000-4000-8000-000000000000");
    expect(reply.status).toBe(404);
    expect(reply.body.error).toBe("NOT_FOUND");
  });

  it("a malformed link id is 404, not 422", async () => {
    expect((await h.api("GET", "/links/not-a-uuid")).status).toBe(404);
    expect((await h.api("POST", "/links/not-a-uuid/publish")).status).toBe(404);
  });

  it("an unknown route is 404 with the envelope", async () => {
    const reply = await h.api("GET", "/nothing-here");
    expect(reply.status).toBe(404);
    expect(reply.body).toEqual({ error: "NOT_FOUND", message: "The route /api/ext/nothing-here could not be found." });
  });

  it("DELETE on a link is 405: archive is the only way to end one", async () => {
    const link = await h.createLink();
    const reply = await h.api("DELETE", `/links/${link.id}`);
    expect(reply.status).toBe(405);
    expect(reply.body.error).toBe("METHOD_NOT_ALLOWED");
    expect(reply.headers.get("allow")).toBe("GET, PUT");
  });

  it("malformed JSON is 400 BAD_REQUEST", async () => {
    const reply = await h.api("POST", "/links", undefined, { raw: '{"title": ' });
    expect(reply.status).toBe(400);
    expect(reply.body.error).toBe("BAD_REQUEST");
    expect(reply.body.message).toMatch(/^Malformed JSON in request body/);
  });

  it("a JSON body that is not an object is 400", async () => {
    const reply = await h.api("POST", "/links", [1, 2]);
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({ error: "BAD_REQUEST", message: "The request body must be a JSON object." });
  });

  it("a body over 1 MiB is 413 with the envelope", async () => {
    const reply = await h.api("POST", "/links", undefined, {
      raw: JSON.stringify({ title: "x".repeat(2 * 1024 * 1024) }),
    });
    expect(reply.status).toBe(413);
    expect(reply.body.error).toBe("PAYLOAD_TOO_LARGE");
    expect(h.sandbox.links().some((l) => l.title.length > 1000)).toBe(false);
  });

  it("an unexpected exception is a 500 without a stack trace", async () => {
    const lines: string[] = [];
    const broken = await startHarness({
      log: (line) => lines.push(line),
      layers: [
        async (req, next) => {
          if (req.path.endsWith("/me")) throw new Error("boom at secret/place.ts:12");
          return next(req);
        },
      ],
    });
    try {
      const reply = await broken.api("GET", "/me");
      expect(reply.status).toBe(500);
      expect(reply.text).toBe('{"error":"SERVER_ERROR","message":"Internal server error."}');
      expect((await broken.api("GET", "/links")).status).toBe(200);
    } finally {
      await broken.stop();
    }
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("boom");
  });
});

describe("instances and forms", () => {
  it("lists the seeded instances in a paginator", async () => {
    const reply = await h.api("GET", "/instances");
    expect(reply.status).toBe(200);
    const ids = (reply.body.data as { id: string; acceptance_status: string }[]).map((i) => [i.id, i.acceptance_status]);
    expect(ids).toEqual([
      [h.sandbox.instances.ready, "ready"],
      [h.sandbox.instances.pending, "pending_documents"],
    ]);
    expect(reply.body.meta).toMatchObject({ total: 2, per_page: 15 });
  });

  it("reads one instance and one form, 404 for unknown ones", async () => {
    expect((await h.api("GET", `/instances/${h.sandbox.instances.ready}`)).body.data).toMatchObject({ status: "active" });
    expect((await h.api("GET", `/forms/${h.sandbox.forms.published}`)).body.data).toMatchObject({ status: "published" });
    expect((await h.api("GET", `/forms/${h.sandbox.forms.draft}`)).body.data).toMatchObject({ status: "draft" });
    expect((await h.api("GET", "/forms/00000000-0000-4000-8000-000000000000")).status).toBe(404);
    expect((await h.api("GET", "/instances/nope")).status).toBe(404);
  });

  it("refuses per_page over 100 on instance lists too", async () => {
    expect((await h.api("GET", "/forms?per_page=500")).status).toBe(422);
  });
});

describe("the public payment page", () => {
  it("serves the link's title and amount at pay_url/slug without credentials", async () => {
    const link = await h.createActive({ title: "Concert <VIP>", amount: 12000 });
    const res = await fetch(`${h.sandbox.payUrl}/${link.slug}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Concert &#60;VIP&#62;");
    expect(html).toContain("12000.00 DZD");
  });

  it("answers 404 for an unknown slug", async () => {
    expect((await fetch(`${h.sandbox.payUrl}/no-such-link-0000`)).status).toBe(404);
  });
});

describe("request accounting", () => {
  it("records each request with its route kind and status, and counts them in stats", async () => {
    h.sandbox.resetRequests();
    const link = await h.createLink();
    await h.api("PUT", `/links/${link.id}`, { title: "Renamed" });
    await h.api("GET", `/links/${link.id}`);
    await h.api("GET", "/nope");
    expect(h.sandbox.requests).toEqual([
      { method: "POST", path: "/api/ext/links", route: "POST /links", status: 201 },
      { method: "PUT", path: `/api/ext/links/${link.id}`, route: "PUT /links/{id}", status: 200 },
      { method: "GET", path: `/api/ext/links/${link.id}`, route: "GET /links/{id}", status: 200 },
      { method: "GET", path: "/api/ext/nope", route: null, status: 404 },
    ]);
    const stats = await h.api("GET", "/sandbox/stats");
    expect(stats.body.data).toEqual({
      total: 4,
      by_route: { "POST /links": 1, "PUT /links/{id}": 1, "GET /links/{id}": 1, unmatched: 1 },
      by_method: { POST: 1, PUT: 1, GET: 2 },
    });
  });
});
