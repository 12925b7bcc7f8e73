// `pulumi import mytpe:index:PaymentLink NAME ID` through the real CLI: the engine reads the link
// with no properties (it has no state yet), and the plugin routes that read to the provider with
// none — the SDK's server used to crash on it ("Cannot read properties of undefined (reading
// 'toJavaScript')"). What the provider then makes of an imported link is its own rule (ownership.ts).
import { describe, expect, it } from "vitest";
import { createYamlProject } from "../yaml/yaml-project.ts";

describe("pulumi import of a payment link served by the plugin", () => {
  it("reaches the provider, which reads the live link, without a JavaScript error", async () => {
    const project = await createYamlProject();
    try {
      project.writeProgram({});
      const link = { payment_instance_id: project.sandbox.instances.ready, title: "Made by hand", amount_mode: "fixed", amount: 500, usage_mode: "reusable" };
      const made = await project.api<{ data: { id: string } }>("POST", "/links", link);
      project.sandbox.resetRequests();

      const imported = await project.pulumi(["import", "mytpe:index:PaymentLink", "byhand", made.body.data.id, "--yes"]);
      expect(imported.stdout + imported.stderr).not.toMatch(/Cannot read properties|TypeError/);
      expect(imported.code, imported.stdout + imported.stderr).toBe(0);
      expect(project.sandbox.requests.map((request) => request.route)).toContain("GET /links/{id}");
      // The code Pulumi writes for it uses the schema's names.
      expect(imported.stdout).toContain("paymentInstanceId: ");
    } finally {
      await project.dispose();
    }
  }, 240_000);
});
