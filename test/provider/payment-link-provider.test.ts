// The provider's methods against the sandbox on a random port, in process: what each Pulumi
// operation sends to the API, and what it refuses before any call. How it converges through lost
// answers, retries and crashes: payment-link-provider.lost-answers.test.ts.
import { describe, expect, it } from "vitest";
import { MARKER_KEY } from "../../src/provider/link-marker.ts";
import { PaymentLinkProvider } from "../../src/provider/payment-link-provider.ts";
import { ENTRIES, MARK, markOf, OWNER, providerTests, said, upDiff } from "./provider-in-process.ts";

describe.each(ENTRIES)("the PaymentLink provider against the sandbox, through the %s entry", (entry) => {
  const t = providerTests(entry);

  it("creates a link as a draft, publishes it, and marks it with the resource's identity", async () => {
    const { id, outs } = await t.host.create(await t.checked());

    const [link] = t.sandbox.links();
    expect(link).toMatchObject({ id, status: "active", amount: "1000.00" });
    expect(link?.metadata).toEqual({ [MARKER_KEY]: markOf(1) });
    expect(outs).toMatchObject({ status: "active", url: `${t.sandbox.payUrl}/${link?.slug}`, marker: MARK, owner: OWNER });
    expect(outs).not.toHaveProperty("metadata");
    expect(t.writes()).toEqual(["POST /links", "POST /links/{id}/publish"]);
  });

  it("keeps the mark when declared metadata changes, and hides it from state and refresh", async () => {
    const { id, outs } = await t.host.create(await t.checked({ metadata: { campaign: "spring" } }));
    const news = await t.checked({ metadata: { campaign: "summer" } });
    expect(await t.host.diff(id, outs, news)).toEqual({ changes: true });
    const updated = await t.host.update(id, outs, news);

    expect(t.sandbox.links()[0]?.metadata).toEqual({ campaign: "summer", [MARKER_KEY]: markOf(1) });
    expect(updated.outs["metadata"]).toEqual({ campaign: "summer" });
    const read = await t.host.read(id, updated.outs);
    expect(read.inputs?.["metadata"]).toEqual({ campaign: "summer" });
  });

  it("reads a link that no longer exists as gone, once its instance's listing proves it, so refresh drops it from state", async () => {
    const gone = await t.host.read("00000000-0000-4000-8000-000000000000", { title: "Gone", payment_instance_id: t.sandbox.instances.ready });
    expect(gone).toEqual({ id: "", props: {} });
    expect(t.sandbox.requests.map((request) => request.route)).toEqual(["GET /links/{id}", "GET /instances/{id}", "GET /links"]);
  });

  it("archives on delete, and counts an already ended link as done", async () => {
    const { id, outs } = await t.host.create(await t.checked({ usage_mode: "one_shot" }));
    await fetch(`${t.sandbox.url}/sandbox/links/${id}/pay`, {
      method: "POST",
      headers: { "x-api-key": t.sandbox.apiKey, "x-api-secret": t.sandbox.apiSecret, "content-type": "application/json" },
      body: "{}",
    });
    expect(t.sandbox.links()[0]?.status).toBe("exhausted");
    await t.host.delete(id, outs);
    expect(t.sandbox.links()[0]?.status).toBe("exhausted");
  });

  it("names the operation and the link in errors, and never the credentials", async () => {
    const bad = new PaymentLinkProvider(
      {
        get: (key) =>
          key === "mytpe:apiSecret"
            ? "mts_live_wrong0000000000000000000000000"
            : key === "mytpe:apiKey"
              ? t.sandbox.apiKey
              : key === "mytpe:apiUrl"
                ? t.sandbox.url
                : undefined,
      },
      { notes: () => {} },
    );
    const error = (await bad.create(await t.checked()).catch((caught: unknown) => caught)) as Error;
    expect(error.message).toContain('payment link "Voucher" failed: Invalid API credentials.');
    expect(error.message).not.toContain(t.sandbox.apiKey);
    expect(error.message).not.toContain("mts_live_wrong");
  });

  it("refuses at check, before any call, a declaration with a mistake", async () => {
    const result = await t.host.check({}, t.inputs({ amount_mode: "open" }));
    expect(result.failures).toEqual([{ property: "amount", reason: said(entry, "not allowed when amount_mode is open (use min_amount / max_amount)") }]);
    expect(t.sandbox.requests).toEqual([]);
  });

  it("shows a payment instance not known yet as a possible replacement, and says why", async () => {
    const { id, outs } = await t.host.create(await t.checked());
    const news = { ...(await t.checked()), payment_instance_id: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" };
    // The engine shows the plugin's replace keys in its schema's names.
    expect(await t.host.diff(id, outs, news)).toEqual({ changes: true, replaces: [entry === "plugin" ? "paymentInstanceId" : "payment_instance_id"] });
    expect(t.notes.join("\n")).toContain(
      said(entry, "payment_instance_id is not known yet; if it differs from the live link's, the link is replaced (a new URL)"),
    );
  });

  it("shows an amount not known yet on a link paid since state was written as a possible replacement, as up would replace it", async () => {
    const { id, outs } = await t.host.create(await t.checked());
    await fetch(`${t.sandbox.url}/sandbox/links/${id}/pay`, {
      method: "POST",
      headers: { "x-api-key": t.sandbox.apiKey, "x-api-secret": t.sandbox.apiSecret, "content-type": "application/json" },
      body: "{}",
    });
    const news = { ...(await t.checked()), amount: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" };
    expect(outs["paid_count"]).toBe(0);
    const preview = await t.nextRun();
    expect(await upDiff(preview, id, outs, news)).toEqual({ changes: true, replaces: ["amount"] });
    expect(t.notes.join("\n")).toContain(
      "amount is not known yet and the link has been paid (1 time); if it differs from the live link's, the link is replaced (a new URL)",
    );
  });

  it("shows an amount not known yet on an unpaid link as an update", async () => {
    const { id, outs } = await t.host.create(await t.checked());
    const news = { ...(await t.checked()), amount: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" };
    expect(await t.host.diff(id, outs, news)).toEqual({ changes: true });
  });

  it("refuses at preview to lower max_uses below the payments the live link has taken", async () => {
    const { id, outs } = await t.host.create(await t.checked({ usage_mode: "limited", max_uses: 5 }));
    for (let i = 0; i < 3; i++) {
      await fetch(`${t.sandbox.url}/sandbox/links/${id}/pay`, {
        method: "POST",
        headers: { "x-api-key": t.sandbox.apiKey, "x-api-secret": t.sandbox.apiSecret, "content-type": "application/json" },
        body: "{}",
      });
    }
    t.host = await t.nextRun();
    const error = (await t.host.diff(id, outs, await t.checked({ usage_mode: "limited", max_uses: 2 })).catch((caught: unknown) => caught)) as Error;
    expect(error.message).toBe(
      said(
        entry,
        `payment link "Voucher" (${String(outs.slug)}): max_uses cannot go below the 3 payments the link has already taken: declare max_uses: 3 or more, or status: archived to stop it`,
      ),
    );
  });

  it("refuses a second resource adopting, in the same run, a link the first adopts", async () => {
    const outside = await fetch(`${t.sandbox.url}/links`, {
      method: "POST",
      headers: { "x-api-key": t.sandbox.apiKey, "x-api-secret": t.sandbox.apiSecret, "content-type": "application/json" },
      body: JSON.stringify({ ...t.inputs(), marker: undefined, owner: undefined, saved_links: undefined }),
    }).then((response) => response.json() as Promise<{ data: { id: string } }>);
    expect((await t.host.check({}, t.inputs({ adopt: outside.data.id, marker: `${MARK}-a` }))).failures).toEqual([]);
    expect((await t.host.check({}, t.inputs({ adopt: outside.data.id, marker: `${MARK}-b` }))).failures).toEqual([
      {
        property: "adopt",
        reason: `link ${outside.data.id} is taken by resource "voucher-a" of stack test (project mytpe-links) too; a link has one owner: keep \`adopt: ${outside.data.id}\` on one declaration only`,
      },
    ]);
  });

  it("records state written with the pre-1.0 mark in the current format, with no API write", async () => {
    const created = await t.host.create(await t.checked());
    // The link as a version before 1.0 left it: its mark `<project>/<stack>/<name>`, state without an owner.
    await fetch(`${t.sandbox.url}/links/${created.id}`, {
      method: "PUT",
      headers: { "x-api-key": t.sandbox.apiKey, "x-api-secret": t.sandbox.apiSecret, "content-type": "application/json" },
      body: JSON.stringify({ metadata: { [MARKER_KEY]: "mytpe-links/test/voucher" } }),
    });
    const { id } = created;
    const { owner: _owner, ...rest } = created.outs;
    const outs = { ...rest, marker: "mytpe-links/test/voucher" };
    t.host = await t.nextRun();
    t.sandbox.resetRequests();
    const news = (await t.host.check(outs, t.inputs())).inputs;
    expect(await t.host.diff(id, outs, news)).toEqual({ changes: true });
    const { outs: updated } = await t.host.update(id, outs, news);
    expect(updated.marker).toBe(news["marker"]);
    expect(t.writes()).toEqual([]);
  });
});
