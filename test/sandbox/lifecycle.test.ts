import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { settledStatus, transition, type LinkAction } from "../../src/sandbox/lifecycle.ts";
import type { Link, LinkStatus } from "../../src/sandbox/link.ts";
import { seedInstances } from "../../src/sandbox/seed.ts";
import { linkOf, startHarness, type Harness } from "./harness.ts";

const NOW = "2026-05-01T08:00:00.000000Z";
const [READY] = seedInstances();

function sample(status: LinkStatus, extra: Partial<Link> = {}): Link {
  return {
    id: "3f1e0c2a-7b6d-4e8f-9a1b-2c3d4e5f6a7b",
    payment_instance_id: READY?.id ?? "",
    form_id: null,
    slug: "spring-voucher-ab12",
    title: "Spring voucher",
    description: null,
    logo: null,
    amount_mode: "fixed",
    amount: "4500.00",
    min_amount: null,
    max_amount: null,
    currency: "DZD",
    usage_mode: "reusable",
    max_uses: null,
    target_amount: null,
    starts_at: null,
    ends_at: null,
    expires_at: null,
    paid_count: 0,
    total_collected: "0.00",
    status,
    allowed_payers: [],
    metadata: null,
    created_at: NOW,
    updated_at: NOW,
    ...extra,
  };
}

describe("transition rules", () => {
  const allowed: [LinkStatus, LinkAction, LinkStatus][] = [
    ["draft", "publish", "active"],
    ["active", "pause", "paused"],
    ["paused", "resume", "active"],
    ["draft", "archive", "archived"],
    ["active", "archive", "archived"],
    ["paused", "archive", "archived"],
  ];
  it.each(allowed)("a %s link can %s and becomes %s", (from, action, to) => {
    expect(transition(sample(from), action, READY, NOW)).toBe(to);
  });

  const statuses: LinkStatus[] = ["draft", "active", "paused", "exhausted", "expired", "archived"];
  const refused = statuses.flatMap((status) =>
    (["publish", "pause", "resume", "archive"] as const)
      .filter((action) => !allowed.some(([from, a]) => from === status && a === action))
      .map((action) => [status, action] as const),
  );
  it.each(refused)("a %s link cannot %s: 409 naming its status", (status, action) => {
    expect(() => transition(sample(status), action, READY, NOW)).toThrowError(
      expect.objectContaining({ status: 409, code: "INVALID_STATE", message: expect.stringContaining(`its status is ${status}`) }),
    );
  });

  it("settles an active link past its expiry as expired, but leaves a draft alone", () => {
    const past = { expires_at: "2026-05-01T07:59:59.999999Z" };
    expect(settledStatus(sample("active", past), NOW)).toBe("expired");
    expect(settledStatus(sample("paused", past), NOW)).toBe("expired");
    expect(settledStatus(sample("draft", past), NOW)).toBe("draft");
    expect(settledStatus(sample("active", { expires_at: "2026-05-01T08:00:00.000001Z" }), NOW)).toBe("active");
  });
});

describe("link lifecycle over HTTP", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.stop();
  });

  it("a new link starts as draft", async () => {
    const link = await h.createLink();
    expect(link.status).toBe("draft");
  });

  it("publish, pause, resume and archive walk the documented statuses", async () => {
    const link = await h.createLink();
    expect(linkOf(await h.api("POST", `/links/${link.id}/publish`)).status).toBe("active");
    expect(linkOf(await h.api("POST", `/links/${link.id}/pause`)).status).toBe("paused");
    expect(linkOf(await h.api("POST", `/links/${link.id}/resume`)).status).toBe("active");
    const archived = await h.api("POST", `/links/${link.id}/archive`);
    expect(archived.status).toBe(200);
    expect(archived.body).toEqual({ message: "Payment link archived." });
    expect(linkOf(await h.api("GET", `/links/${link.id}`)).status).toBe("archived");
  });

  it("pausing a draft is refused with 409", async () => {
    const link = await h.createLink();
    const reply = await h.api("POST", `/links/${link.id}/pause`);
    expect(reply.status).toBe(409);
    expect(reply.body).toEqual({
      error: "INVALID_STATE",
      message: `Cannot pause payment link ${link.id}: its status is draft; only active links can be paused.`,
    });
  });

  it("publishing an active link twice is refused with 409", async () => {
    const link = await h.createActive();
    expect((await h.api("POST", `/links/${link.id}/publish`)).status).toBe(409);
  });

  it("archiving an archived link is refused with 409", async () => {
    const link = await h.createLink();
    await h.api("POST", `/links/${link.id}/archive`);
    const reply = await h.api("POST", `/links/${link.id}/archive`);
    expect(reply.status).toBe(409);
    expect(reply.body.message).toContain("its status is archived (a terminal status)");
  });

  it("archiving an exhausted link is refused with 409", async () => {
    const link = await h.createActive({ usage_mode: "one_shot" });
    await h.pay(link.id);
    const reply = await h.api("POST", `/links/${link.id}/archive`);
    expect(reply.status).toBe(409);
    expect(reply.body.error).toBe("INVALID_STATE");
    expect(reply.body.message).toContain("exhausted");
  });

  it("archiving an expired link is refused with 409", async () => {
    const expires = new Date(h.now().getTime() + 60_000).toISOString();
    const link = await h.createActive({ expires_at: expires });
    h.advance(61_000);
    const reply = await h.api("POST", `/links/${link.id}/archive`);
    expect(reply.status).toBe(409);
    expect(reply.body.message).toContain("its status is expired");
  });

  it("resuming an exhausted link is refused with 409", async () => {
    const link = await h.createActive({ usage_mode: "one_shot" });
    await h.pay(link.id);
    expect((await h.api("POST", `/links/${link.id}/resume`)).status).toBe(409);
  });

  it("updating a terminal link is refused with 409", async () => {
    const link = await h.createLink();
    await h.api("POST", `/links/${link.id}/archive`);
    const reply = await h.api("PUT", `/links/${link.id}`, { title: "Too late" });
    expect(reply.status).toBe(409);
    expect(reply.body.error).toBe("INVALID_STATE");
  });

  it("publishing is refused with 409 once the payment instance is no longer ready", async () => {
    const link = await h.createLink();
    h.sandbox.updateInstance(h.sandbox.instances.ready, { status: "suspended" });
    try {
      const reply = await h.api("POST", `/links/${link.id}/publish`);
      expect(reply.status).toBe(409);
      expect(reply.body.message).toContain("must be ready and active");
    } finally {
      h.sandbox.updateInstance(h.sandbox.instances.ready, { status: "active" });
    }
  });

  it("a time_window link becomes expired on the first read after ends_at", async () => {
    const start = h.now();
    const link = await h.createActive({
      usage_mode: "time_window",
      starts_at: start.toISOString(),
      ends_at: new Date(start.getTime() + 2_000).toISOString(),
    });
    expect(linkOf(await h.api("GET", `/links/${link.id}`)).status).toBe("active");
    h.advance(2_000);
    const read = linkOf(await h.api("GET", `/links/${link.id}`));
    expect(read.status).toBe("expired");
    expect(read.updated_at).toBe(h.now().toISOString().replace("Z", "000Z"));
  });

  it("a paused link also expires, and the list shows it expired", async () => {
    const link = await h.createActive({ expires_at: new Date(h.now().getTime() + 1_000).toISOString() });
    await h.api("POST", `/links/${link.id}/pause`);
    h.advance(1_000);
    const list = await h.api("GET", `/links?search=${link.slug}`);
    expect((list.body.data as Link[]).map((l) => l.status)).toEqual(["expired"]);
  });

  it("a draft past its expiry stays draft and cannot be published", async () => {
    const link = await h.createLink({ expires_at: new Date(h.now().getTime() + 1_000).toISOString() });
    h.advance(5_000);
    expect(linkOf(await h.api("GET", `/links/${link.id}`)).status).toBe("draft");
    const reply = await h.api("POST", `/links/${link.id}/publish`);
    expect(reply.status).toBe(409);
    expect(reply.body.message).toContain("stopped being payable");
  });
});
