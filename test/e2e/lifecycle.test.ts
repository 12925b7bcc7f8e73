// The lifecycle that is safe with money, end to end through the real CLI: drift made in the
// dashboard undone, a link made by hand adopted instead of duplicated, recovery from a failed
// publish without a duplicate, and ids compared as the API compares them. Price changes are in
// price-changes.test.ts, links the platform ended in ended-links.test.ts.
import { describe, expect, it } from "vitest";
import type { Link } from "../../src/sandbox/link.ts";
import { jsonResponse, type Layer } from "../../src/sandbox/pipeline.ts";
import { freshProject, projectWithLinks, upWithLinks } from "../harness/project-states.ts";
import { linksYaml, type E2eProject } from "../harness/temp-project.ts";
import { stepTimeout } from "../harness/step-timeout.ts";

const STEP = stepTimeout(33_000);
type Fields = Record<string, unknown>;

const fixed = (title: string, extra: Fields = {}): Fields => ({ title, amount_mode: "fixed", amount: 1000, usage_mode: "reusable", ...extra });
const titled = (project: E2eProject, title: string): Link[] => project.sandbox.links().filter((link) => link.title === title);

describe("the payment link lifecycle under pulumi up", () => {
  it(
    "undoes a pause and a title edit made in the dashboard: refresh shows the drift, up restores",
    async () => {
      const project = await projectWithLinks({ drifty: fixed("Drifty") });
      const [{ id }] = titled(project, "Drifty") as [Link];
      expect((await project.api("POST", `/links/${id}/pause`)).status).toBe(200);
      expect((await project.api("PUT", `/links/${id}`, { title: "Edited in dashboard" })).status).toBe(200);
      await project.run(["refresh", "--yes", "--skip-preview"]);

      const preview = await project.run(["preview", "--diff"]);
      expect(preview.stdout).toMatch(/~ pulumi-nodejs:dynamic\/mytpe:PaymentLink: \(update\)\n.*\n.*PaymentLink::drifty\]/);
      expect(preview.stdout).toMatch(/status\s*:\s*"paused" => "active"/);
      expect(preview.stdout).toMatch(/title\s*:\s*"Edited in dashboard" => "Drifty"/);

      await project.run(["up", "--yes", "--skip-preview"]);
      expect(project.sandbox.links().find((link) => link.id === id)).toMatchObject({ status: "active", title: "Drifty" });
    },
    STEP,
  );

  it(
    "adopts an existing link instead of creating a second one, and updates it in place",
    async () => {
      const project = await freshProject();
      const created = await project.api<{ data: Link }>("POST", "/links", {
        payment_instance_id: project.sandbox.instances.ready,
        title: "Made by hand",
        amount_mode: "fixed",
        amount: 800,
        usage_mode: "reusable",
      });
      const existing = created.body.data;
      project.writeLinks(linksYaml(project.sandbox.instances.ready, { adopted: fixed("Adopted by Pulumi", { amount: 800, adopt: existing.id }) }));

      const preview = await project.run(["preview"]);
      expect(preview.stdout + preview.stderr).toContain(`adopts existing link ${existing.id}`);
      await project.run(["up", "--yes", "--skip-preview"]);

      expect(project.sandbox.links()).toEqual([expect.objectContaining({ id: existing.id, title: "Adopted by Pulumi", status: "active" })]);
      const urls = JSON.parse((await project.run(["stack", "output", "linkUrls", "--json"])).stdout) as Record<string, string>;
      expect(urls["adopted"]).toBe(`${project.sandbox.payUrl}/${existing.slug}`);
    },
    STEP,
  );

  it(
    "recovers from a publish that failed after the create, without a duplicate link",
    async () => {
      let failPublish = true;
      // Stands in for a transient API failure on publish, after the create has succeeded.
      const publishFault: Layer = async (req, next) =>
        failPublish && req.method === "POST" && req.path.endsWith("/publish")
          ? jsonResponse(500, { error: "SERVER_ERROR", message: "Internal server error." })
          : next(req);
      const project = await freshProject({ layers: [publishFault] });
      project.writeLinks(linksYaml(project.sandbox.instances.ready, { "late-publish": fixed("Late publish") }));
      const failed = await project.pulumi(["up", "--yes", "--skip-preview"]);
      failPublish = false;
      expect(failed.code).not.toBe(0);
      expect(failed.stdout + failed.stderr).toContain("publish payment link");
      expect(titled(project, "Late publish").map((link) => link.status)).toEqual(["draft"]);

      await project.run(["up", "--yes", "--skip-preview"]);
      expect(titled(project, "Late publish").map((link) => link.status)).toEqual(["active"]);
    },
    STEP,
  );

  it(
    "edits in place a link whose payment instance is written in upper case: no replacement, same URL",
    async () => {
      const project = await freshProject();
      const instance = project.sandbox.instances.ready.toUpperCase();
      await upWithLinks(project, { "upper-case-ids": fixed("Upper case ids", { payment_instance_id: instance }) });
      const [before] = titled(project, "Upper case ids");

      project.writeLinks(linksYaml(project.sandbox.instances.ready, { "upper-case-ids": fixed("Upper case ids, edited", { payment_instance_id: instance }) }));
      const preview = await project.run(["preview", "--diff"]);
      expect(preview.stdout).toMatch(/title\s*:\s*"Upper case ids" => "Upper case ids, edited"/);
      expect(preview.stdout).not.toMatch(/replace/i);
      expect(preview.stdout).not.toMatch(/payment_instance_id\s*:\s*"[^"]*"\s*=>/);
      await project.run(["up", "--yes", "--skip-preview"]);

      expect(project.sandbox.links()).toEqual([expect.objectContaining({ id: before!.id, slug: before!.slug, title: "Upper case ids, edited" })]);
    },
    STEP,
  );
});
