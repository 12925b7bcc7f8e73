// The policy pack on links of the plugin's type (mytpe:index:PaymentLink, from a Pulumi YAML
// program), through the real CLI: the rules read their camelCase properties as they read the
// dynamic type's wire names, so an open amount without a ceiling, an amount above the stack's
// ceiling, an implicit replacement and missing metadata block the preview all the same, each said
// in the program's own names. Nothing is deployed.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parsePreview } from "../../src/cli/plan/preview-steps.ts";
import { pluginProps } from "../../src/plugin/plugin-names.ts";
import { REPO } from "../harness/temp-project.ts";
import { createYamlProject, paymentLink, type YamlProject } from "../yaml/yaml-project.ts";

const STEP = 180_000;

describe("the policy pack on a Pulumi YAML program's links", () => {
  let project: YamlProject;
  beforeAll(async () => {
    project = await createYamlProject();
  }, 10 * 60_000);
  afterAll(async () => project?.dispose());

  it(
    "blocks the preview on each mandatory rule, naming the link and the reason in the program's names",
    async () => {
      const link = (fields: Record<string, unknown>) => paymentLink(project, pluginProps(fields));
      project.writeProgram({
        openNoMax: link({
          title: "Open, no max",
          amount_mode: "open",
          min_amount: 100,
          usage_mode: "reusable",
          on_pricing_change: "fail",
          metadata: { campaign: "c" },
        }),
        tooDear: link({
          title: "Too dear",
          amount_mode: "fixed",
          amount: 25000,
          usage_mode: "reusable",
          on_pricing_change: "fail",
          metadata: { campaign: "c" },
        }),
        implicit: link({ title: "Implicit replacement", amount_mode: "fixed", amount: 1000, usage_mode: "reusable", metadata: { campaign: "c" } }),
        noCampaign: link({ title: "No campaign", amount_mode: "fixed", amount: 1000, usage_mode: "reusable", on_pricing_change: "replace" }),
        compliant: link({
          title: "Fine",
          amount_mode: "open",
          min_amount: 100,
          max_amount: 20000,
          usage_mode: "reusable",
          on_pricing_change: "fail",
          metadata: { campaign: "c" },
        }),
      });
      const config = join(project.dir, "policy.json");
      writeFileSync(
        config,
        JSON.stringify({
          "open-amount-needs-max": "mandatory",
          "amount-ceiling": { enforcementLevel: "mandatory", maxAmount: 100000, stacks: { test: 20000 } },
          "paid-link-replacement": { enforcementLevel: "mandatory", allowReplace: true },
          "required-metadata": { enforcementLevel: "mandatory", stacks: ["test"], keys: ["campaign"] },
        }),
      );
      const result = await project.pulumi(["preview", "--json", "--policy-pack", join(REPO, "policy"), "--policy-pack-config", config], {
        env: { PULUMI_ENABLE_STREAMING_JSON_PREVIEW: "true" },
      });
      const violations = parsePreview(result.stdout).policyViolations;
      const byRule = (rule: string) =>
        violations.filter((violation) => violation.policy === rule).map((violation) => [violation.urn?.split("::").pop(), violation.message]);

      expect(result.code).not.toBe(0);
      expect(byRule("open-amount-needs-max")).toEqual([
        ["openNoMax", "payment link openNoMax: an open-amount link must set maxAmount: without it a payer can pay any amount"],
      ]);
      expect(byRule("amount-ceiling")).toEqual([["tooDear", "payment link tooDear: amount 25000.00 DZD is above the ceiling of 20000 for this stack"]]);
      expect(byRule("paid-link-replacement").map(([name]) => name)).toEqual(["implicit"]);
      expect(byRule("paid-link-replacement")[0]?.[1]).toContain("declare onPricingChange: fail");
      expect(byRule("required-metadata").map(([name]) => name)).toEqual(["noCampaign"]);
    },
    STEP,
  );
});
