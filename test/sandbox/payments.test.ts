import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Link } from "../../src/sandbox/link.ts";
import type { Payment } from "../../src/sandbox/payments.ts";
import { linkOf, startHarness, type Harness, type Reply } from "./harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.stop();
});

const paymentOf = (reply: Reply): Payment => reply.body.data as Payment;
const read = async (id: string): Promise<Link> => linkOf(await h.api("GET", `/links/${id}`));

describe("simulated payments", () => {
  it("a fixed link is paid its own amount and counts the payment", async () => {
    const link = await h.createActive();
    const reply = await h.pay(link.id, { payer: "amina@example.dz" });
    expect(reply.status).toBe(201);
    const { transaction, link: paid } = paymentOf(reply);
    expect(transaction).toMatchObject({
      payment_link_id: link.id,
      amount: "4500.00",
      currency: "DZD",
      payer: "amina@example.dz",
      status: "paid",
    });
    expect(paid).toMatchObject({ paid_count: 1, total_collected: "4500.00", status: "active" });
    expect(h.sandbox.transactions().some((t) => t.id === transaction.id)).toBe(true);
  });

  it("a fixed link refuses a different amount with 422", async () => {
    const link = await h.createActive();
    const reply = await h.pay(link.id, { amount: 100 });
    expect(reply.status).toBe(422);
    expect(reply.body.errors).toEqual({ amount: ["The amount must be 4500.00, the fixed amount of this link."] });
  });

  it("a draft link refuses payments with 409", async () => {
    const link = await h.createLink();
    const reply = await h.pay(link.id);
    expect(reply.status).toBe(409);
    expect(reply.body.message).toContain("its status is draft");
  });

  it("a paused link refuses payments with 409", async () => {
    const link = await h.createActive();
    await h.api("POST", `/links/${link.id}/pause`);
    expect((await h.pay(link.id)).status).toBe(409);
  });

  it("an open link needs an amount within its bounds", async () => {
    const link = await h.createActive({ amount_mode: "open", amount: null, min_amount: 100, max_amount: 1000 });
    expect((await h.pay(link.id)).body.errors).toEqual({ amount: ["The amount field is required when amount mode is open."] });
    expect((await h.pay(link.id, { amount: 99.99 })).body.errors).toEqual({ amount: ["The amount must be at least 100.00."] });
    expect((await h.pay(link.id, { amount: "1000.01" })).body.errors).toEqual({
      amount: ["The amount may not be greater than 1000.00."],
    });
    const ok = await h.pay(link.id, { amount: "250.5" });
    expect(ok.status).toBe(201);
    expect(paymentOf(ok).link.total_collected).toBe("250.50");
  });

  it("a one_shot link is exhausted after one payment and refuses the next with 409", async () => {
    const link = await h.createActive({ usage_mode: "one_shot" });
    expect(paymentOf(await h.pay(link.id)).link.status).toBe("exhausted");
    const again = await h.pay(link.id);
    expect(again.status).toBe(409);
    expect(again.body.message).toContain("its status is exhausted");
  });

  it("a limited link is exhausted when paid_count reaches max_uses", async () => {
    const link = await h.createActive({ usage_mode: "limited", max_uses: 3 });
    for (let i = 1; i <= 2; i += 1) expect(paymentOf(await h.pay(link.id)).link).toMatchObject({ paid_count: i, status: "active" });
    expect(paymentOf(await h.pay(link.id)).link).toMatchObject({ paid_count: 3, status: "exhausted" });
    expect((await h.pay(link.id)).status).toBe(409);
  });

  it("a capped_amount link is exhausted once the target is reached, the last payment overshooting", async () => {
    const link = await h.createActive({ usage_mode: "capped_amount", target_amount: 10000 });
    expect(link.target_amount).toBe(10000);
    await h.pay(link.id);
    await h.pay(link.id);
    expect((await read(link.id)).status).toBe("active");
    const last = paymentOf(await h.pay(link.id)).link;
    expect(last).toMatchObject({ paid_count: 3, total_collected: "13500.00", status: "exhausted" });
  });

  it("a time_window link refuses payments before starts_at and accepts them inside the window", async () => {
    const start = new Date(h.now().getTime() + 60_000);
    const link = await h.createActive({
      usage_mode: "time_window",
      starts_at: start.toISOString(),
      ends_at: new Date(start.getTime() + 60_000).toISOString(),
    });
    const early = await h.pay(link.id);
    expect(early.status).toBe(409);
    expect(early.body.message).toContain("before its window starts");
    h.advance(60_000);
    expect((await h.pay(link.id)).status).toBe(201);
    h.advance(60_000);
    const late = await h.pay(link.id);
    expect(late.status).toBe(409);
    expect(late.body.message).toContain("its status is expired");
  });

  it("a whitelist link only accepts its allowed payers", async () => {
    const link = await h.createActive({ usage_mode: "whitelist", allowed_payers: ["Amina@Example.dz", "+213550123456"] });
    expect((await h.pay(link.id)).body.errors).toEqual({ payer: ["The payer field is required when usage mode is whitelist."] });
    const stranger = await h.pay(link.id, { payer: "eve@example.dz" });
    expect(stranger.status).toBe(422);
    expect(stranger.body.errors).toEqual({ payer: ["The payer eve@example.dz is not in the allowed payers of this link."] });
    expect((await h.pay(link.id, { payer: "amina@example.dz" })).status).toBe(201);
    expect((await h.pay(link.id, { payer: "+213550123456" })).status).toBe(201);
  });

  it("a reusable link keeps accepting payments", async () => {
    const link = await h.createActive();
    for (let i = 0; i < 5; i += 1) await h.pay(link.id);
    expect(await read(link.id)).toMatchObject({ paid_count: 5, total_collected: "22500.00", status: "active" });
  });

  it("unknown fields in a payment are refused with 422", async () => {
    const link = await h.createActive();
    expect((await h.pay(link.id, { card: "4111" })).body.errors).toEqual({ card: ["The card field is prohibited."] });
  });

  it("paying an unknown link is 404", async () => {
    expect((await h.pay("00000000-0000-4000-8000-000000000000")).status).toBe(404);
  });

  it("paying needs credentials like every API route", async () => {
    const link = await h.createActive();
    const reply = await h.api("POST", `/sandbox/links/${link.id}/pay`, {}, { headers: { "x-api-secret": "nope" } });
    expect(reply.status).toBe(401);
  });
});
