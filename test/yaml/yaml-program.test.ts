// Pulumi YAML programs through the real CLI: links declared as mytpe:index:PaymentLink, served by
// the package's plugin (plugin/, the same provider as the dynamic PaymentLink), against the
// sandbox: up, a no-op without API calls, refresh, a paid link's price change replaced with its
// warning, a refusal said once, an explicit provider with its own credentials, destroy.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createYamlProject, paymentLink, type YamlProject, type YamlResources } from "./yaml-project.ts";
import { stepTimeout } from "../harness/step-timeout.ts";

const STEP = stepTimeout(22_000);
const VOUCHER = { title: "Voucher", amountMode: "fixed", amount: 1000, usageMode: "reusable" };
const DONATION = { title: "Donation", amountMode: "open", minAmount: 100, maxAmount: 50000, usageMode: "limited", maxUses: 20 };

/** The Diagnostics section of the CLI's output, as printed. */
function diagnostics(stdout: string): string {
  const start = stdout.indexOf("Diagnostics:");
  return stdout.slice(start, stdout.indexOf("\nResources:", start)).trim();
}

const writes = (project: YamlProject) => project.sandbox.requests.filter((request) => request.method !== "GET");
const titled = (project: YamlProject, title: string) => project.sandbox.links().filter((link) => link.title === title);

describe("a Pulumi YAML program declaring payment links", () => {
  let project: YamlProject;
  const links = (voucher: Record<string, unknown> = {}): YamlResources => ({
    voucher: paymentLink(project, { ...VOUCHER, ...voucher }),
    donation: paymentLink(project, DONATION),
  });

  beforeAll(async () => {
    project = await createYamlProject();
  }, STEP);
  afterAll(async () => project?.dispose());

  it(
    "creates its links on up, marked with their URNs, and reports their URLs",
    async () => {
      project.writeProgram(links());
      await project.run(["up", "--yes"]);

      const [voucher] = titled(project, "Voucher");
      expect(voucher).toMatchObject({ status: "active", amount: "1000.00" });
      // Its URN, generation 1, and the state's owner id: the plugin's provider resource's id.
      const provider = (await project.exportStack()).deployment.resources.find((resource) => resource.type === "pulumi:providers:mytpe");
      expect(voucher?.metadata?.["_pulumi_link"]).toBe(`urn:pulumi:test::mytpe-links::mytpe:index:PaymentLink::voucher#1@${String(provider?.id)}`);
      expect(titled(project, "Donation")[0]).toMatchObject({ status: "active", amount_mode: "open", max_uses: 20 });
      const outputs = JSON.parse((await project.run(["stack", "output", "--json"])).stdout) as Record<string, string>;
      expect(outputs["voucherUrl"]).toBe(`${project.sandbox.payUrl}/${voucher!.slug}`);
    },
    STEP,
  );

  it(
    "writes nothing on a preview and an up with nothing to change, reading only its instance's listing, nor on refresh",
    async () => {
      project.sandbox.resetRequests();
      const preview = await project.run(["preview"]);
      await project.run(["up", "--yes", "--skip-preview"]);
      expect(project.sandbox.requests.map((request) => request.route)).toEqual(["GET /instances/{id}", "GET /links", "GET /instances/{id}", "GET /links"]);
      expect(preview.stdout).toContain("3 unchanged");

      await project.run(["refresh", "--yes"]);
      expect(writes(project)).toEqual([]);
    },
    STEP,
  );

  it(
    "says a refusal once, under its link, as the provider's message alone",
    async () => {
      project.writeProgram(links({ status: "draft" }));
      const preview = await project.pulumi(["preview"]);
      const [voucher] = titled(project, "Voucher");

      expect(preview.code).not.toBe(0);
      expect(diagnostics(preview.stdout)).toBe(
        [
          "Diagnostics:",
          "  mytpe:index:PaymentLink (voucher):",
          `    error: payment link "Voucher" (${voucher!.slug}): the link is active and a published link cannot go back to draft; declare status: paused to stop payments, or status: archived to end it`,
        ].join("\n"),
      );
      expect(preview.stderr).toBe("");
      expect(preview.stdout + preview.stderr).not.toMatch(/ at |\.js:\d+|node_modules|\/dist\//);
    },
    STEP,
  );

  it(
    "replaces a paid link whose price changes, warning that its URL stops accepting payments",
    async () => {
      const [paid] = titled(project, "Voucher");
      expect((await project.api("POST", `/sandbox/links/${paid!.id}/pay`, { payer: "customer@example.com" })).status).toBe(201);
      project.writeProgram(links({ amount: 1500 }));

      const preview = await project.run(["preview", "--diff"]);
      const text = preview.stdout + preview.stderr;
      expect(text).toContain("will be REPLACED: amount cannot change once the link has been paid (paid 1 time)");
      expect(text).toContain("stops accepting payments");
      expect(text).toMatch(/\+-mytpe:index:PaymentLink: \(replace\)/);
      project.sandbox.resetRequests();
      await project.run(["up", "--yes", "--skip-preview"]);

      expect(writes(project).map((request) => request.route)).toEqual(["POST /links", "POST /links/{id}/publish", "POST /links/{id}/archive"]);
      expect(titled(project, "Voucher").map((link) => [link.id === paid!.id, link.status])).toEqual([
        [true, "archived"],
        [false, "active"],
      ]);
    },
    STEP,
  );

  it(
    "uses an explicit pulumi:providers:mytpe resource's own credentials, kept only as secrets in state",
    async () => {
      const own = { apiUrl: project.sandbox.url, apiKey: project.sandbox.apiKey, apiSecret: project.sandbox.apiSecret, payUrl: project.sandbox.payUrl };
      project.writeProgram({
        ...links({ amount: 1500 }),
        shop: { type: "pulumi:providers:mytpe", properties: own },
        gift: paymentLink(project, { ...VOUCHER, title: "Gift" }, { provider: "${shop}" }),
      });
      // No credentials in the environment nor the stack config: only the provider resource has them.
      const env = { MYTPE_API_KEY: "", MYTPE_API_SECRET: "" };
      await project.run(["up", "--yes", "--skip-preview", "--target", "urn:pulumi:test::mytpe-links::mytpe:index:PaymentLink::gift", "--target-dependents"], {
        env,
      });

      expect(titled(project, "Gift")).toEqual([expect.objectContaining({ status: "active" })]);
      const state = await project.exportStack();
      const providers = state.deployment.resources.filter((resource) => resource.type === "pulumi:providers:mytpe");
      const text = JSON.stringify(state);
      expect(text).not.toContain(project.sandbox.apiKey);
      expect(text).not.toContain(project.sandbox.apiSecret);
      expect(providers.find((resource) => resource.urn.endsWith("::shop"))?.inputs?.["apiKey"]).toMatchObject({ ciphertext: expect.any(String) });
      expect(providers.find((resource) => resource.urn.endsWith("::default"))?.inputs ?? {}).not.toHaveProperty("apiKey");
    },
    STEP,
  );

  it(
    "archives every link on destroy",
    async () => {
      await project.run(["destroy", "--yes", "--skip-preview"]);
      expect(project.sandbox.links().every((link) => link.status === "archived")).toBe(true);
    },
    STEP,
  );
});
