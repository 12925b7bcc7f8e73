// A link never has two owners: adopting a link another resource of the stack manages is refused
// at preview, naming both, and nothing is written; two resources named alike under different
// parents each get a link of their own, and recovery never takes the other's.
import { afterEach, describe, expect, it } from "vitest";
import { createE2eProject, linksYaml, type E2eProject } from "../harness/temp-project.ts";
import { markNames } from "../harness/marks.ts";
import { stepTimeout } from "../harness/step-timeout.ts";

const STEP = stepTimeout(9_000);

const FIXED = { amount_mode: "fixed", amount: 1000, usage_mode: "reusable" };

describe("one owner per link", () => {
  let project: E2eProject | undefined;
  afterEach(async () => project?.dispose());

  it(
    "refuses at preview to adopt a link another declaration manages, naming both, and writes nothing",
    async () => {
      project = await createE2eProject();
      const instance = project.sandbox.instances.ready;
      project.writeLinks(linksYaml(instance, { original: { title: "Original", ...FIXED } }));
      await project.run(["up", "--yes", "--skip-preview"]);
      const [link] = project.sandbox.links();
      project.writeLinks(linksYaml(instance, { original: { title: "Original", ...FIXED }, copy: { title: "Original", ...FIXED, adopt: link!.id } }));
      project.sandbox.resetRequests();

      const preview = await project.pulumi(["preview"]);
      expect(preview.code).not.toBe(0);
      expect(preview.stdout).toContain(`link ${link!.id} is managed by resource "original" of stack test (project mytpe-links, state `);
      expect(preview.stdout).toContain("(its mark); a link has one owner");
      expect(preview.stdout).toContain("PaymentLink (copy)");
      expect(project.sandbox.requests.filter((request) => request.method !== "GET")).toEqual([]);
    },
    STEP,
  );

  it(
    "gives each of two links of one name under parents of different types a link and a mark of its own (before 1.0 they shared one)",
    async () => {
      project = await createE2eProject({
        program: `
import { ComponentResource } from "@pulumi/pulumi/resource.js";
import { PaymentLink } from "mytpe-links";
const instance = ${JSON.stringify("9d6a1f3c-2b7e-4d0a-8c5f-1e2d3c4b5a69")};
for (const campaign of ["Spring", "Summer"]) {
  const parent = new ComponentResource("shop:" + campaign + "Campaign", campaign);
  new PaymentLink("voucher", { payment_instance_id: instance, title: campaign + " voucher", amount_mode: "fixed", amount: 1000, usage_mode: "reusable" }, { parent });
}
`,
      });
      await project.run(["up", "--yes", "--skip-preview"]);
      const marks = project.sandbox
        .links()
        .map((link) => markNames(link.metadata?.["_pulumi_link"])?.urn)
        .sort();
      expect(marks).toEqual([
        "urn:pulumi:test::mytpe-links::shop:SpringCampaign$pulumi-nodejs:dynamic/mytpe:PaymentLink::voucher",
        "urn:pulumi:test::mytpe-links::shop:SummerCampaign$pulumi-nodejs:dynamic/mytpe:PaymentLink::voucher",
      ]);
      const state = (await project.exportStack()).deployment.resources.filter((resource) => resource.type === "pulumi-nodejs:dynamic/mytpe:PaymentLink");
      // Each mark is its resource's own URN, parents included.
      for (const resource of state) expect(resource.outputs?.["marker"]).toBe(resource.urn);
      expect(new Set(state.map((resource) => resource.id)).size).toBe(2);
    },
    STEP,
  );
});
