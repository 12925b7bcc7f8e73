// Two traders, each seeing only its own resources: another trader's link, instance or form answers
// 404, exactly like a missing one (contract §1), so a client cannot tell "gone" from "not yours".
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.stop();
});

const asOther = () => ({ headers: { "x-api-key": h.sandbox.otherTrader.apiKey, "x-api-secret": h.sandbox.otherTrader.apiSecret } });

describe("the second trader", () => {
  it("has its own key pair, in the documented format, and its own identity", async () => {
    expect(h.sandbox.otherTrader.apiKey).toMatch(/^mtk_live_[0-9a-f]{32}$/);
    expect(h.sandbox.otherTrader.apiSecret).toMatch(/^mts_live_[0-9a-f]{32}$/);
    const first = (await h.api("GET", "/me")).body.data as { id: string };
    const other = (await h.api("GET", "/me", undefined, asOther())).body.data as { id: string };
    expect(other.id).not.toBe(first.id);
  });

  it("answers 404 for the first trader's link, as for a missing one, and does not list it", async () => {
    const link = await h.createLink({ title: "Not yours" });
    const read = await h.api("GET", `/links/${link.id}`, undefined, asOther());
    expect(read.status).toBe(404);
    const archive = await h.api("POST", `/links/${link.id}/archive`, undefined, asOther());
    expect(archive.status).toBe(404);
    const listed = await h.api("GET", `/links?payment_instance_id=${link.payment_instance_id}`, undefined, asOther());
    expect(listed.status).toBe(200);
    expect(listed.body.meta?.total).toBe(0);
    expect((await h.api("GET", `/links/${link.id}`)).body.data).toMatchObject({ id: link.id, status: "draft" });
  });

  it("answers 404 for the first trader's instance and form, and lists only its own", async () => {
    expect((await h.api("GET", `/instances/${h.sandbox.instances.ready}`, undefined, asOther())).status).toBe(404);
    expect((await h.api("GET", `/forms/${h.sandbox.forms.published}`, undefined, asOther())).status).toBe(404);
    const instances = (await h.api("GET", "/instances", undefined, asOther())).body.data as { id: string }[];
    expect(instances.map((instance) => instance.id)).toEqual([h.sandbox.otherTrader.instances.ready]);
    const mine = (await h.api("GET", "/instances")).body.data as { id: string }[];
    expect(mine.map((instance) => instance.id)).not.toContain(h.sandbox.otherTrader.instances.ready);
  });

  it("creates links under its own instance only", async () => {
    const refused = await h.api(
      "POST",
      "/links",
      { payment_instance_id: h.sandbox.instances.ready, title: "T", amount_mode: "open", usage_mode: "reusable" },
      asOther(),
    );
    expect(refused.status).toBe(422);
    expect(Object.keys(refused.body.errors ?? {})).toContain("payment_instance_id");
    const made = await h.api(
      "POST",
      "/links",
      { payment_instance_id: h.sandbox.otherTrader.instances.ready, title: "Theirs", amount_mode: "open", usage_mode: "reusable" },
      asOther(),
    );
    expect(made.status).toBe(201);
    const id = (made.body.data as { id: string }).id;
    expect((await h.api("GET", `/links/${id}`)).status).toBe(404);
  });
});
