// The lifecycle that is safe with money, end to end through the real CLI and the sandbox's pay
// endpoint: in-place price changes before payment, replacement after, refusal when replacement is
// forbidden, spent links left alone, evergreen links recreated, drift undone, adoption, and
// recovery from a failed publish without a duplicate.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Link } from "../../src/sandbox/link.ts";
import type { Layer } from "../../src/sandbox/pipeline.ts";
import { jsonResponse } from "../../src/sandbox/pipeline.ts";
import { createE2eProject, linksYaml, type E2eProject } from "../harness/temp-project.ts";

const STEP = 120_000;
type Fields = Record<string, unknown>;

const fixed = (title: string, extra: Fields = {}): Fields => ({
  title,
  amount_mode: "fixed",
  amount: 1000,
  usage_mode: "reusable",
  ...extra,
});

describe("the payment link lifecycle under pulumi up", () => {
  let project: E2eProject;
  let failPublish = false;
  // Stands in for a transient API failure on publish, after the create has succeeded.
  const publishFault: Layer = async (req, next) =>
    failPublish && req.method === "POST" && req.path.endsWith("/publish")
      ? jsonResponse(500, { error: "SERVER_ERROR", message: "Internal server error." })
      : next(req);

  const declared: Record<string, Fields> = {
    "price-unpaid": fixed("Price unpaid"),
    "price-paid": fixed("Price paid"),
    "price-locked": fixed("Price locked", { on_pricing_change: "fail" }),
    "spent-once": fixed("Spent once", { usage_mode: "one_shot" }),
    evergreen: fixed("Evergreen", { usage_mode: "one_shot", on_terminal: "recreate" }),
    drifty: fixed("Drifty"),
  };
  const declare = () => project.writeLinks(linksYaml(project.sandbox.instances.ready, declared));
  const linksTitled = (title: string): Link[] => project.sandbox.links().filter((link) => link.title === title);
  const only = (title: string): Link => {
    const found = linksTitled(title);
    expect(found, `links titled "${title}"`).toHaveLength(1);
    return found[0]!;
  };
  const pay = async (title: string) => {
    const result = await project.api("POST", `/sandbox/links/${only(title).id}/pay`, { payer: "customer@example.com" });
    expect(result.status).toBe(201);
  };
  const writes = () => project.sandbox.requests.filter((request) => request.method !== "GET");
  const urls = async () =>
    JSON.parse((await project.run(["stack", "output", "linkUrls", "--json"])).stdout) as Record<string, string>;

  beforeAll(async () => {
    project = await createE2eProject({ layers: [publishFault] });
    declare();
    await project.run(["up", "--yes", "--skip-preview"]);
    expect(project.sandbox.links().map((link) => link.status)).toEqual(Array(6).fill("active"));
  }, 20 * 60_000);
  afterAll(async () => project?.dispose());

  it("changes the price of a link nobody paid in place: same id, same URL", async () => {
    const before = only("Price unpaid");
    declared["price-unpaid"] = fixed("Price unpaid", { amount: 1200 });
    declare();
    await project.run(["up", "--yes", "--skip-preview"]);

    const after = only("Price unpaid");
    expect(after.id).toBe(before.id);
    expect(after.slug).toBe(before.slug);
    expect(after.amount).toBe("1200.00");
  }, STEP);

  it("replaces a paid link whose price changes: the preview says why and that the URL changes", async () => {
    await pay("Price paid");
    declared["price-paid"] = fixed("Price paid", { amount: 1500 });
    declare();

    const preview = await project.run(["preview", "--diff"]);
    const text = preview.stdout + preview.stderr;
    expect(text).toMatch(/\+-pulumi-nodejs:dynamic\/mytpe:PaymentLink: \(replace\)\n.*\n.*PaymentLink::price-paid\]/);
    expect(text).toMatch(/~ amount\s+: "1000.00" => "1500.00"/);
    expect(text).toContain("will be REPLACED: amount cannot change once the link has been paid (paid 1 time)");
    expect(text).toContain("stops accepting payments");
  }, STEP);

  it("creates and publishes the new link before archiving the paid one, and the URL changes", async () => {
    const old = only("Price paid");
    const urlBefore = (await urls())["price-paid"];
    project.sandbox.resetRequests();
    await project.run(["up", "--yes", "--skip-preview"]);

    const [archived, fresh] = [
      linksTitled("Price paid").find((link) => link.id === old.id)!,
      linksTitled("Price paid").find((link) => link.id !== old.id)!,
    ];
    expect(linksTitled("Price paid")).toHaveLength(2);
    expect(archived.status).toBe("archived");
    expect(fresh.status).toBe("active");
    expect(fresh.amount).toBe("1500.00");
    expect(writes().map((request) => request.route)).toEqual([
      "POST /links",
      "POST /links/{id}/publish",
      "POST /links/{id}/archive",
    ]);
    expect(writes()[2]!.path).toContain(old.id);
    const urlAfter = (await urls())["price-paid"];
    expect(urlAfter).not.toBe(urlBefore);
    expect(urlAfter).toBe(`${project.sandbox.payUrl}/${fresh.slug}`);
  }, STEP);

  it("refuses at preview, with no write, a price change on a paid link when on_pricing_change is fail", async () => {
    await pay("Price locked");
    declared["price-locked"] = fixed("Price locked", { on_pricing_change: "fail", amount: 1500 });
    declare();
    project.sandbox.resetRequests();

    const result = await project.pulumi(["up", "--yes"]);
    expect(result.code).not.toBe(0);
    expect(result.stdout + result.stderr).toContain(
      "amount cannot change once the link has been paid (paid 1 time), and on_pricing_change is fail",
    );
    expect(writes()).toEqual([]);
    expect(only("Price locked").amount).toBe("1000.00");

    declared["price-locked"] = fixed("Price locked", { on_pricing_change: "fail" });
    declare();
  }, STEP);

  it("leaves a spent one-shot link alone: up and refresh then up make no write and create nothing", async () => {
    await pay("Spent once");
    expect(only("Spent once").status).toBe("exhausted");
    project.sandbox.resetRequests();
    await project.run(["up", "--yes", "--skip-preview"]);
    await project.run(["refresh", "--yes", "--skip-preview"]);
    const up = await project.run(["up", "--yes"]);

    expect(writes()).toEqual([]);
    expect(only("Spent once").status).toBe("exhausted");
    expect(up.stdout + up.stderr).toContain("the link is exhausted; accepted");
  }, STEP);

  it("replaces an evergreen one-shot link (on_terminal: recreate) once it is spent", async () => {
    await pay("Evergreen");
    expect(only("Evergreen").status).toBe("exhausted");
    await project.run(["up", "--yes", "--skip-preview"]);

    const links = linksTitled("Evergreen");
    expect(links.map((link) => link.status).sort()).toEqual(["active", "exhausted"]);
  }, STEP);

  it("undoes a pause and a title edit made in the dashboard: refresh shows the drift, up restores", async () => {
    const { id } = only("Drifty");
    expect((await project.api("POST", `/links/${id}/pause`)).status).toBe(200);
    expect((await project.api("PUT", `/links/${id}`, { title: "Edited in dashboard" })).status).toBe(200);
    await project.run(["refresh", "--yes", "--skip-preview"]);

    const preview = await project.run(["preview", "--diff"]);
    expect(preview.stdout).toMatch(/~ pulumi-nodejs:dynamic\/mytpe:PaymentLink: \(update\)\n.*\n.*PaymentLink::drifty\]/);
    expect(preview.stdout).toMatch(/status\s*:\s*"paused" => "active"/);
    expect(preview.stdout).toMatch(/title\s*:\s*"Edited in dashboard" => "Drifty"/);

    await project.run(["up", "--yes", "--skip-preview"]);
    const restored = project.sandbox.links().find((link) => link.id === id)!;
    expect(restored.status).toBe("active");
    expect(restored.title).toBe("Drifty");
  }, STEP);

  it("adopts an existing link instead of creating a second one, and updates it in place", async () => {
    const created = await project.api<{ data: Link }>("POST", "/links", {
      payment_instance_id: project.sandbox.instances.ready,
      title: "Made by hand",
      amount_mode: "fixed",
      amount: 800,
      usage_mode: "reusable",
    });
    const existing = created.body.data;
    const count = project.sandbox.links().length;
    declared["adopted"] = fixed("Adopted by Pulumi", { amount: 800, adopt: existing.id });
    declare();

    const preview = await project.run(["preview"]);
    expect(preview.stdout + preview.stderr).toContain(`adopts existing link ${existing.id}`);
    await project.run(["up", "--yes", "--skip-preview"]);

    expect(project.sandbox.links()).toHaveLength(count);
    const adopted = project.sandbox.links().find((link) => link.id === existing.id)!;
    expect(adopted.title).toBe("Adopted by Pulumi");
    expect(adopted.status).toBe("active");
    expect((await urls())["adopted"]).toBe(`${project.sandbox.payUrl}/${existing.slug}`);
  }, STEP);

  it("recovers from a publish that failed after the create, without a duplicate link", async () => {
    declared["late-publish"] = fixed("Late publish");
    declare();
    failPublish = true;
    const failed = await project.pulumi(["up", "--yes", "--skip-preview"]);
    failPublish = false;
    expect(failed.code).not.toBe(0);
    expect(failed.stdout + failed.stderr).toContain("publish payment link");
    expect(only("Late publish").status).toBe("draft");

    await project.run(["up", "--yes", "--skip-preview"]);
    expect(only("Late publish").status).toBe("active");
  }, STEP);

  it("edits in place a link whose payment instance is written in upper case: no replacement, same URL", async () => {
    const instance = project.sandbox.instances.ready.toUpperCase();
    declared["upper-case-ids"] = fixed("Upper case ids", { payment_instance_id: instance });
    declare();
    await project.run(["up", "--yes", "--skip-preview"]);
    const before = only("Upper case ids");

    declared["upper-case-ids"] = fixed("Upper case ids, edited", { payment_instance_id: instance });
    declare();
    const preview = await project.run(["preview", "--diff"]);
    expect(preview.stdout).toMatch(/title\s*:\s*"Upper case ids" => "Upper case ids, edited"/);
    expect(preview.stdout).not.toMatch(/replace/i);
    expect(preview.stdout).not.toMatch(/payment_instance_id\s*:\s*"[^"]*"\s*=>/);
    await project.run(["up", "--yes", "--skip-preview"]);

    const after = only("Upper case ids, edited");
    expect(after.id).toBe(before.id);
    expect(after.slug).toBe(before.slug);
    expect(linksTitled("Upper case ids")).toHaveLength(0);
  }, STEP);
});
