// The sandbox's rules for updating a link: only the fields sent change, and what an update may not do.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PENDING_INSTANCE_ID } from "../../src/sandbox/seed.ts";
import { startHarness, linkOf, type Harness } from "./harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.stop();
});

describe("updating a link", () => {
  it("changes only the fields sent", async () => {
    const link = await h.createLink({ description: "Old", metadata: { order: "A-1" } });
    h.advance(1000);
    const reply = await h.api("PUT", `/links/${link.id}`, { title: "Summer voucher" });
    expect(reply.status).toBe(200);
    const updated = linkOf(reply);
    expect(updated).toEqual({ ...link, title: "Summer voucher", updated_at: updated.updated_at });
    expect(updated.updated_at > link.updated_at).toBe(true);
  });

  it("clears an optional field sent as null", async () => {
    const link = await h.createLink({ description: "Old", metadata: { order: "A-1" }, logo: "https://cdn.example.dz/l.png" });
    const updated = linkOf(await h.api("PUT", `/links/${link.id}`, { description: null, metadata: null, logo: null }));
    expect(updated.description).toBeNull();
    expect(updated.metadata).toBeNull();
    expect(updated.logo).toBeNull();
  });

  it("leaves updated_at alone when nothing changes", async () => {
    const link = await h.createLink();
    h.advance(1000);
    const updated = linkOf(await h.api("PUT", `/links/${link.id}`, { title: link.title, amount: "4500" }));
    expect(updated.updated_at).toBe(link.updated_at);
  });

  it("refuses a null title", async () => {
    const link = await h.createLink();
    const reply = await h.api("PUT", `/links/${link.id}`, { title: null });
    expect(reply.status).toBe(422);
    expect(reply.body.errors).toEqual({ title: ["The title field is required."] });
  });

  it("refuses to move a link to another payment instance", async () => {
    const link = await h.createLink();
    const reply = await h.api("PUT", `/links/${link.id}`, { payment_instance_id: PENDING_INSTANCE_ID });
    expect(reply.status).toBe(422);
    expect(reply.body.errors).toEqual({ payment_instance_id: ["The payment instance id cannot be changed."] });
  });

  it("accepts the current payment instance sent again", async () => {
    const link = await h.createLink();
    const reply = await h.api("PUT", `/links/${link.id}`, { payment_instance_id: link.payment_instance_id.toUpperCase() });
    expect(reply.status).toBe(200);
  });

  it("checks the merged link: switching usage mode needs the old mode's fields cleared", async () => {
    const link = await h.createLink({ usage_mode: "limited", max_uses: 5 });
    const refused = await h.api("PUT", `/links/${link.id}`, { usage_mode: "reusable" });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual({ max_uses: ["The max uses field is prohibited when usage mode is reusable."] });
    const accepted = await h.api("PUT", `/links/${link.id}`, { usage_mode: "reusable", max_uses: null });
    expect(accepted.status).toBe(200);
    expect(linkOf(accepted)).toMatchObject({ usage_mode: "reusable", max_uses: null });
  });

  it("checks the merged link: a new min amount above the stored max is refused", async () => {
    const link = await h.createLink({ amount_mode: "open", amount: null, min_amount: 100, max_amount: 500 });
    const reply = await h.api("PUT", `/links/${link.id}`, { min_amount: 600 });
    expect(reply.status).toBe(422);
    expect(reply.body.errors).toEqual({ min_amount: ["The min amount must be less than or equal to max amount."] });
  });

  it("freezes pricing and usage fields once the link has been paid", async () => {
    const link = await h.createActive({ usage_mode: "limited", max_uses: 5 });
    expect((await h.pay(link.id)).status).toBe(201);
    const cases: [string, unknown][] = [
      ["amount", 5000],
      ["amount_mode", "open"],
      ["min_amount", 10],
      ["max_amount", 10],
      ["usage_mode", "reusable"],
    ];
    for (const [field, value] of cases) {
      const reply = await h.api("PUT", `/links/${link.id}`, { [field]: value });
      expect(reply.status, field).toBe(422);
      expect(reply.body.errors?.[field], field).toEqual([`The ${field.replaceAll("_", " ")} cannot be changed once the link has been paid.`]);
    }
  });

  it("still accepts the frozen fields re-sent unchanged and other fields changed after payment", async () => {
    const link = await h.createActive({ usage_mode: "limited", max_uses: 5 });
    await h.pay(link.id);
    const reply = await h.api("PUT", `/links/${link.id}`, {
      amount_mode: "fixed",
      amount: "4500.00",
      currency: "DZD",
      usage_mode: "limited",
      title: "Renamed after payment",
      max_uses: 10,
    });
    expect(reply.status).toBe(200);
    expect(linkOf(reply)).toMatchObject({ title: "Renamed after payment", max_uses: 10, paid_count: 1 });
  });

  it("refuses max uses below the number of payments already made", async () => {
    const link = await h.createActive({ usage_mode: "limited", max_uses: 5 });
    await h.pay(link.id);
    await h.pay(link.id);
    const reply = await h.api("PUT", `/links/${link.id}`, { max_uses: 1 });
    expect(reply.status).toBe(422);
    expect(reply.body.errors).toEqual({
      max_uses: ["The max uses may not be less than the number of payments already made (2)."],
    });
  });

  it("refuses a target amount below what was already collected", async () => {
    const link = await h.createActive({ usage_mode: "capped_amount", target_amount: 20000 });
    await h.pay(link.id);
    const reply = await h.api("PUT", `/links/${link.id}`, { target_amount: 4000 });
    expect(reply.status).toBe(422);
    expect(reply.body.errors).toEqual({
      target_amount: ["The target amount may not be less than the amount already collected (4500.00)."],
    });
  });

  it("exhausts a limited link whose max uses is lowered to its paid count", async () => {
    const link = await h.createActive({ usage_mode: "limited", max_uses: 5 });
    await h.pay(link.id);
    await h.api("PUT", `/links/${link.id}`, { max_uses: 1 });
    const read = linkOf(await h.api("GET", `/links/${link.id}`));
    expect(read.status).toBe("exhausted");
  });

  it("refuses unknown fields in an update", async () => {
    const link = await h.createLink();
    const reply = await h.api("PUT", `/links/${link.id}`, { slug: "mine" });
    expect(reply.status).toBe(422);
    expect(reply.body.errors).toEqual({ slug: ["The slug field is prohibited."] });
  });
});
