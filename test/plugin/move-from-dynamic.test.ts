// The opt-in move of a stack's links from the dynamic type (pulumi-nodejs:dynamic/mytpe:PaymentLink)
// to the plugin's mytpe:index:PaymentLink, through the real CLI: the program declares the same
// link as the plugin's type with an alias to the old type, in the plugin's camelCase names where the
// dynamic state has the API's wire names. Nothing changes on the live link (same id, same mark, no
// API write); the next change goes through the plugin.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { pluginProps } from "../../src/plugin/plugin-names.ts";
import { PAYMENT_LINK_TYPE } from "../../src/provider/protocol.ts";
import { projectWithLinks } from "../harness/project-states.ts";
import type { E2eProject } from "../harness/temp-project.ts";
import { stepTimeout } from "../harness/step-timeout.ts";

const STEP = stepTimeout(14_000);

const VOUCHER = { title: "Voucher", amount_mode: "fixed", amount: 1000, usage_mode: "reusable" };
const DYNAMIC_URN = `urn:pulumi:test::mytpe-links::${PAYMENT_LINK_TYPE}::voucher`;

/** The program after the move: the link as the plugin's type (its names), aliased to the dynamic one. */
function movedProgram(project: E2eProject, fields: Record<string, unknown>): void {
  const args = { paymentInstanceId: project.sandbox.instances.ready, ...pluginProps(fields) };
  writeFileSync(
    join(project.dir, "index.js"),
    [
      'import { CustomResource } from "@pulumi/pulumi/resource.js";',
      `const link = new CustomResource("mytpe:index:PaymentLink", "voucher", ${JSON.stringify({ ...args, url: undefined })}, { aliases: [{ type: ${JSON.stringify(PAYMENT_LINK_TYPE)} }] });`,
      "export const url = link.url;",
      "",
    ].join("\n"),
  );
  writeFileSync(
    join(project.dir, "Pulumi.yaml"),
    [
      "name: mytpe-links",
      "runtime:",
      "  name: nodejs",
      "  options:",
      "    typescript: false",
      "main: index.js",
      "stackConfigDir: stacks",
      "plugins:",
      "  providers:",
      "    - name: mytpe",
      "      path: ./node_modules/mytpe-links/plugin",
      "",
    ].join("\n"),
  );
}

describe("moving a stack's links from the dynamic PaymentLink to the plugin's type", () => {
  it(
    "changes nothing live: the preview and the up show the link unchanged, same id, same mark, no write",
    async () => {
      const project = await projectWithLinks({ voucher: VOUCHER });
      const [before] = project.sandbox.links();
      movedProgram(project, VOUCHER);
      project.sandbox.resetRequests();

      const preview = await project.run(["preview", "--expect-no-changes"]);
      expect(preview.stdout).not.toMatch(/to (create|update|replace|delete)/);
      await project.run(["up", "--yes", "--skip-preview"]);

      expect(project.sandbox.requests.filter((request) => request.method !== "GET")).toEqual([]);
      expect(project.sandbox.links()).toEqual([before]);
      const state = await project.exportStack();
      const link = state.deployment.resources.find((resource) => resource.urn.endsWith("::voucher"));
      expect(link).toMatchObject({ type: "mytpe:index:PaymentLink", id: before!.id, inputs: { marker: DYNAMIC_URN } });
      expect(link?.inputs).not.toHaveProperty("__provider");
      expect(link?.inputs).toMatchObject({ paymentInstanceId: project.sandbox.instances.ready, amountMode: "fixed", usageMode: "reusable" });
    },
    STEP,
  );

  it(
    "updates the moved link through the plugin afterwards, keeping its mark",
    async () => {
      const project = await projectWithLinks({ voucher: VOUCHER });
      const [before] = project.sandbox.links();
      movedProgram(project, VOUCHER);
      await project.run(["up", "--yes", "--skip-preview"]);
      movedProgram(project, { ...VOUCHER, title: "Voucher, renamed" });
      project.sandbox.resetRequests();
      await project.run(["up", "--yes", "--skip-preview"]);

      expect(project.sandbox.requests.filter((request) => request.method !== "GET").map((request) => request.route)).toEqual(["PUT /links/{id}"]);
      expect(project.sandbox.links()).toEqual([expect.objectContaining({ id: before!.id, title: "Voucher, renamed", metadata: before!.metadata })]);
      expect(String(before!.metadata?.["_pulumi_link"])).toMatch(new RegExp(`^${DYNAMIC_URN.replace(/[$.]/g, "\\$&")}#1@`));
    },
    STEP,
  );
});
