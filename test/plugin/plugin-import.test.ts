// `pulumi import mytpe:index:PaymentLink NAME ID` through the real CLI: the engine reads the link
// with no properties (it has no state yet), and the plugin routes that read to the provider with
// none — the SDK's server used to crash on it ("Cannot read properties of undefined (reading
// 'toJavaScript')"). A link no one marked is imported and marked at the next `up`, saying so; a link
// another stack owns is refused, naming it, and nothing changes (provider/ownership.ts).
import { describe, expect, it } from "vitest";
import { createYamlProject, paymentLink } from "../yaml/yaml-project.ts";
import { stepTimeout } from "../harness/step-timeout.ts";

const STEP = stepTimeout(11_000);

const BY_HAND = { title: "Made by hand", amountMode: "fixed", amount: 500, usageMode: "reusable" };

describe("pulumi import of a payment link served by the plugin", () => {
  it(
    "reaches the provider, which reads the live link, without a JavaScript error",
    async () => {
      const project = await createYamlProject();
      try {
        project.writeProgram({});
        const link = { payment_instance_id: project.sandbox.instances.ready, title: "Made by hand", amount_mode: "fixed", amount: 500, usage_mode: "reusable" };
        const made = await project.api<{ data: { id: string } }>("POST", "/links", link);
        await project.api("POST", `/links/${made.body.data.id}/publish`);
        project.sandbox.resetRequests();

        const imported = await project.pulumi(["import", "mytpe:index:PaymentLink", "byhand", made.body.data.id, "--yes"]);
        expect(imported.stdout + imported.stderr).not.toMatch(/Cannot read properties|TypeError/);
        expect(imported.code, imported.stdout + imported.stderr).toBe(0);
        expect(project.sandbox.requests.map((request) => request.route)).toContain("GET /links/{id}");
        // The code Pulumi writes for it uses the schema's names.
        expect(imported.stdout).toContain("paymentInstanceId: ");

        // Declared as imported: the next up marks it as this resource's, saying so, and changes nothing else.
        project.writeProgram({ byhand: paymentLink(project, BY_HAND) });
        project.sandbox.resetRequests();
        const up = await project.run(["up", "--yes", "--skip-preview"]);
        expect(up.stdout).toContain("the link carries no mark (imported, or its mark was removed); it is marked as this resource's");
        expect(project.sandbox.requests.filter((request) => request.method !== "GET").map((request) => request.route)).toEqual(["PUT /links/{id}"]);
        const marked = project.sandbox.links().find((one) => one.id === made.body.data.id);
        expect(String(marked?.metadata?.["_pulumi_link"])).toMatch(/^urn:pulumi:test::mytpe-links::mytpe:index:PaymentLink::byhand#1@[0-9a-f-]{36}$/);
        expect(marked?.title).toBe("Made by hand");
      } finally {
        await project.dispose();
      }
    },
    STEP,
  );

  it(
    "refuses to import a link another stack owns, naming it, and changes nothing",
    async () => {
      const project = await createYamlProject();
      try {
        project.writeProgram({ owned: paymentLink(project, BY_HAND) });
        await project.run(["up", "--yes", "--skip-preview"]);
        const [owned] = project.sandbox.links();
        await project.run(["stack", "init", "other"]);
        project.writeProgram({});
        project.sandbox.resetRequests();

        const imported = await project.pulumi(["import", "mytpe:index:PaymentLink", "taken", owned!.id, "--yes"]);
        expect(imported.code).not.toBe(0);
        expect(imported.stdout + imported.stderr).toContain(`link ${owned!.id} is managed by resource "owned" of stack test (project mytpe-links, state `);
        expect(imported.stdout + imported.stderr).toContain("a link has one owner");
        expect(project.sandbox.requests.filter((request) => request.method !== "GET")).toEqual([]);
        expect(project.sandbox.links()).toEqual([owned]);
        const state = await project.exportStack();
        expect((state.deployment.resources ?? []).filter((resource) => resource.type === "mytpe:index:PaymentLink")).toEqual([]);
      } finally {
        await project.dispose();
      }
    },
    STEP,
  );
});
